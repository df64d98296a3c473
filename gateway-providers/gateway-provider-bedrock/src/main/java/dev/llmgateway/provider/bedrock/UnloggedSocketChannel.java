package dev.llmgateway.provider.bedrock;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.logging.LoggingHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The socket channel of the Bedrock client's connections. The AWS SDK's Netty client puts Netty's
 * wire logger ({@link LoggingHandler}) into every connection's pipeline; once the logger {@code
 * io.netty.handler.logging.LoggingHandler} is at DEBUG (as it is whenever an application turns
 * DEBUG on for everything), it prints each request with its {@code Authorization} header, which
 * names the access key id, and every byte of every answer, including credentials a server echoes
 * back. This channel takes the wire logger out of its pipeline once the SDK has set the pipeline up
 * (at registration, again when the connection becomes active), before the first byte is written.
 */
final class UnloggedSocketChannel extends NioSocketChannel {

  /** Creates a channel; the SDK's channel factory calls it for each new connection. */
  UnloggedSocketChannel() {
    pipeline().addFirst(WireLoggerRemover.INSTANCE);
  }

  /** Removes every {@link LoggingHandler} from a pipeline. */
  static void removeWireLoggers(ChannelPipeline pipeline) {
    List<ChannelHandler> loggers = new ArrayList<>(1);
    for (Map.Entry<String, ChannelHandler> entry : pipeline) {
      if (entry.getValue() instanceof LoggingHandler) {
        loggers.add(entry.getValue());
      }
    }
    for (ChannelHandler logger : loggers) {
      pipeline.remove(logger);
    }
  }

  /** Runs first in the pipeline and leaves it once the connection is active. */
  @ChannelHandler.Sharable
  static final class WireLoggerRemover extends ChannelInboundHandlerAdapter {
    static final WireLoggerRemover INSTANCE = new WireLoggerRemover();

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
      removeWireLoggers(ctx.pipeline()); // the SDK's initializer has run by now
      ctx.fireChannelRegistered();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      removeWireLoggers(ctx.pipeline());
      ctx.pipeline().remove(this);
      ctx.fireChannelActive();
    }
  }
}
