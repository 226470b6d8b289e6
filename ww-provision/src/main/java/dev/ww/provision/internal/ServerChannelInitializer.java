package dev.ww.provision.internal;

import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.provision.RefusalEvent;
import dev.ww.provision.ServerSettings;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Per connection: write-stall detection, HTTP codec with line and header limits, a body limit,
 * the request deadline, then the request handler on a worker group.
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {

  private final ServerSettings settings;
  private final EventExecutorGroup workers;
  private final ProvisionHandler handler;
  private final EventHandlers events;

  public ServerChannelInitializer(
      ServerSettings settings, EventExecutorGroup workers, ProvisionHandler handler, EventHandlers events) {
    this.settings = settings;
    this.workers = workers;
    this.handler = handler;
    this.events = events;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(settings.maxInitialLineLength())
            .setMaxHeaderSize(settings.maxHeaderSize())
            .setMaxChunkSize(8192);
    ch.pipeline()
        .addLast(
            "stall",
            new IdleStateHandler(
                true, 0, settings.writeStallTimeout().toMillis(), 0, TimeUnit.MILLISECONDS))
        .addLast("http", new HttpServerCodec(decoder))
        .addLast("body", new BodyLimit(settings.maxBodySize(), events))
        .addLast(
            "deadline",
            new RequestDeadlineHandler(
                settings.requestTimeout(), why -> events.dispatch(LogEvent.info("closed: " + why))))
        .addLast(workers, "provision", handler);
  }

  /** The aggregator, reporting oversized bodies as refusals before it answers 413. */
  private static final class BodyLimit extends HttpObjectAggregator {
    private final EventHandlers events;

    BodyLimit(int max, EventHandlers events) {
      super(max, true);
      this.events = events;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
        throws Exception {
      InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
      RefusalEvent e = new RefusalEvent(client, "-", "-", "(request body)", "body too large", 413);
      events.dispatch(e);
      events.dispatch(LogEvent.warn(e.line()));
      super.handleOversizedMessage(ctx, oversized);
    }
  }
}
