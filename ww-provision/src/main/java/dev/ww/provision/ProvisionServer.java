package dev.ww.provision;

import dev.ww.core.event.EventHandlers;
import dev.ww.provision.internal.AdmissionGate;
import dev.ww.provision.internal.Authorizer;
import dev.ww.provision.internal.IpxeScripts;
import dev.ww.provision.internal.NodeFiles;
import dev.ww.provision.internal.ProvisionHandler;
import dev.ww.provision.internal.ServerChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The node-facing HTTP server. {@link #start} binds and returns at once; {@link #close} stops
 * accepting, lets responses in progress end (up to a grace period) and releases every thread.
 *
 * <pre>{@code
 * try (ProvisionServer server = ProvisionServer.start(settings, catalog, reports, events)) {
 *   ... server.address() ...
 * }
 * }</pre>
 */
public final class ProvisionServer implements AutoCloseable {

  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final EventExecutorGroup workers;
  private final Channel channel;
  private final AdmissionGate gate;
  private final InetSocketAddress address;
  private final ChannelGroup connections;

  private ProvisionServer(
      EventLoopGroup boss, EventLoopGroup io, EventExecutorGroup workers, Channel channel,
      AdmissionGate gate, ChannelGroup connections) {
    this.connections = connections;
    this.boss = boss;
    this.io = io;
    this.workers = workers;
    this.channel = channel;
    this.gate = gate;
    this.address = (InetSocketAddress) channel.localAddress();
  }

  /** Binds {@code settings.listen()} and starts serving. */
  public static ProvisionServer start(
      ServerSettings settings,
      ProvisioningCatalog catalog,
      BootReportLog reports,
      EventHandlers events)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(reports, "reports");
    Objects.requireNonNull(events, "events");
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    EventExecutorGroup workers = new DefaultEventExecutorGroup(settings.workerThreads());
    AdmissionGate gate =
        new AdmissionGate(
            settings.maxConcurrentTransfers(),
            settings.retryAfterSeconds(),
            settings.retryJitterSeconds());
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    try {
      // The advertised port is only known after binding when port 0 was asked for: the handler
      // reads it from a holder filled in below.
      PortHolder port = new PortHolder();
      ServerBootstrap b =
          new ServerBootstrap()
              .group(boss, io)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 4096)
              .childOption(ChannelOption.TCP_NODELAY, true)
              // A client may shut down its sending side once the request is out (busybox nc
              // does): the request is still answered; see RequestDeadlineHandler.
              .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
              .childHandler(
                  new LazyInitializer(
                      connections,
                      () -> {
                        String host =
                            settings.advertisedHost()
                                .orElse(settings.listen().getAddress().getHostAddress());
                        IpxeScripts ipxe =
                            new IpxeScripts(host, settings.advertisedPort().orElse(port.value));
                        ProvisionHandler h =
                            new ProvisionHandler(
                                catalog,
                                new Authorizer(catalog, settings.privilegedPortRequired()),
                                gate,
                                ipxe,
                                new NodeFiles(catalog, settings.maxTemplatedFileSize(), Clock.systemUTC()),
                                reports,
                                events,
                                settings.defaultKargs(),
                                Clock.systemUTC());
                        return new ServerChannelInitializer(settings, workers, h, events);
                      }));
      Channel ch = b.bind(settings.listen()).sync().channel();
      port.value = ((InetSocketAddress) ch.localAddress()).getPort();
      return new ProvisionServer(boss, io, workers, ch, gate, connections);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdown(boss, io, workers);
      throw new IOException("interrupted while binding " + settings.listen(), e);
    } catch (RuntimeException e) {
      shutdown(boss, io, workers);
      if (e.getCause() instanceof IOException io2) {
        throw new IOException("cannot listen on " + settings.listen() + ": " + io2.getMessage(), io2);
      }
      throw e;
    } catch (Exception e) {
      shutdown(boss, io, workers);
      throw new IOException("cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
    }
  }

  /** Where the server listens (with the real port when port 0 was asked for). */
  public InetSocketAddress address() {
    return address;
  }

  /** Capsule transfers being served right now. */
  public int transfersInFlight() {
    return gate.inFlight();
  }

  /**
   * Stops accepting connections, gives capsule transfers in progress up to 5 s to end, closes
   * every connection and stops all threads.
   */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (gate.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    shutdown(boss, io, workers);
  }

  private static void shutdown(EventLoopGroup boss, EventLoopGroup io, EventExecutorGroup workers) {
    // Started together with a short quiet period, so tasks that connections still hand between
    // the I/O and worker threads while closing find both alive.
    var b = boss.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
    var w = workers.shutdownGracefully(200, 5000, TimeUnit.MILLISECONDS);
    var i = io.shutdownGracefully(200, 5000, TimeUnit.MILLISECONDS);
    b.syncUninterruptibly();
    w.syncUninterruptibly();
    i.syncUninterruptibly();
  }

  private static final class PortHolder {
    volatile int value;
  }

  /** Builds the (shared) initializer on first use, after the port is known. */
  private static final class LazyInitializer
      extends io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel> {
    private final ChannelGroup connections;
    private final java.util.function.Supplier<ServerChannelInitializer> factory;
    private volatile ServerChannelInitializer delegate;

    LazyInitializer(
        ChannelGroup connections, java.util.function.Supplier<ServerChannelInitializer> factory) {
      this.connections = connections;
      this.factory = factory;
    }

    @Override
    protected void initChannel(io.netty.channel.socket.SocketChannel ch) {
      ServerChannelInitializer d = delegate;
      if (d == null) {
        synchronized (this) {
          if (delegate == null) {
            delegate = factory.get();
          }
          d = delegate;
        }
      }
      connections.add(ch);
      ch.pipeline().addLast(d);
    }
  }
}
