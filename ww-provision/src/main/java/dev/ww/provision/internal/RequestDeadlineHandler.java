package dev.ww.provision.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Slow-loris defence: whenever the connection has no request in progress (just opened, or the
 * last response ended), the next request must arrive complete (line, headers, body) within the
 * timeout, or the connection is closed. Trickling bytes does not extend the deadline. Also
 * closes connections on which a response stalled ({@link IdleStateEvent} from the idle
 * handler), and half-closed ones once nothing is left to answer (a client that shut down its
 * sending side after its request still gets the response).
 */
public final class RequestDeadlineHandler extends ChannelDuplexHandler {

  private final long timeoutNanos;
  private final Consumer<String> onTimeout;
  private ScheduledFuture<?> timer;
  private int pending;
  private boolean inputShutDown;

  public RequestDeadlineHandler(Duration timeout, Consumer<String> onTimeout) {
    this.timeoutNanos = timeout.toNanos();
    this.onTimeout = onTimeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    arm(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      pending++;
      cancel();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof LastHttpContent) {
      ChannelPromise p = promise.unvoid();
      p.addListener(
          f -> {
            pending = Math.max(0, pending - 1);
            if (pending == 0 && inputShutDown) {
              ctx.close();
            } else if (pending == 0 && ctx.channel().isActive()) {
              arm(ctx);
            }
          });
      ctx.write(msg, p);
      return;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      // The client sent all it will send. A request already received is answered (the
      // connection closes after its response); with none, there is nothing left to do.
      inputShutDown = true;
      if (pending == 0) {
        cancel();
        ctx.close();
      }
      return;
    }
    if (evt instanceof IdleStateEvent) {
      onTimeout.accept("no progress for the write-stall timeout: " + ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  private void arm(ChannelHandlerContext ctx) {
    cancel();
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  if (pending == 0 && ctx.channel().isActive()) {
                    onTimeout.accept(
                        "no complete request within the request timeout: "
                            + ctx.channel().remoteAddress());
                    ctx.close();
                  }
                },
                timeoutNanos,
                TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
