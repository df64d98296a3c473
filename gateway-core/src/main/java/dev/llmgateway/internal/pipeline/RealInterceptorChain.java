package dev.llmgateway.internal.pipeline;

import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.call.CallState;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real chain: each {@link #proceed} hands the request to the interceptor at {@code index} with
 * a new chain positioned at {@code index + 1}; what it routes never changes. Checks that
 * interceptors keep the call's kind on the way in and out.
 *
 * <p><b>Streams a user interceptor does not pass on.</b> A stream that {@code proceed()} returns
 * holds a budget reservation, token quota, a single-flight cache slot and an HTTP call until it
 * ends; only the stream that reaches the caller is tracked, closed and recorded by the client. So
 * the chain given to a user interceptor remembers the streams its {@code proceed()} returned, and
 * when the interceptor is done with them:
 *
 * <ul>
 *   <li>it threw (or broke the chain's rules): each is ended at once, before the call fails, so the
 *       call's failure record carries what they charged;
 *   <li>it returned one of them: the others are ended at once (it called {@code proceed()} again
 *       and dropped the earlier answer);
 *   <li>it returned a stream of its own, which may wrap them: they are ended when the call ends
 *       (the returned stream read to its end, closed, broken, abandoned or ended by the client's
 *       close), before its usage record is written.
 * </ul>
 *
 * <p>Ending a stream is {@link ChatStream#close()}: its own provider call is cancelled, its
 * reservation and quota tokens settled with what it consumed, its cache flight abandoned; it is
 * idempotent, so a stream also closed by the interceptor or its wrapper ends once.
 */
public final class RealInterceptorChain implements Interceptor.Chain {
  private static final Logger log = LoggerFactory.getLogger(RealInterceptorChain.class);

  private final List<Interceptor> interceptors;
  private final int userFrom;
  private final int userTo;
  private final int index;
  private final GatewayRequest request;
  private final CallState state;

  /** Non-null when this chain was given to a user interceptor: the streams proceed() returned. */
  private final @Nullable List<ChatStream> produced;

  // Guarded by produced: set once the interceptor holding this chain is done.
  private boolean finished;

  /**
   * Creates the chain positioned at the first stage.
   *
   * @param interceptors every stage, outermost first
   * @param userFrom the index of the first user interceptor
   * @param userTo the index after the last user interceptor
   * @param request the call's request
   * @param state the call's state
   */
  public RealInterceptorChain(
      List<Interceptor> interceptors,
      int userFrom,
      int userTo,
      GatewayRequest request,
      CallState state) {
    this(interceptors, userFrom, userTo, 0, request, state, false);
  }

  private RealInterceptorChain(
      List<Interceptor> interceptors,
      int userFrom,
      int userTo,
      int index,
      GatewayRequest request,
      CallState state,
      boolean watched) {
    this.interceptors = interceptors;
    this.userFrom = userFrom;
    this.userTo = userTo;
    this.index = index;
    this.request = request;
    this.state = state;
    this.produced = watched ? new ArrayList<>(1) : null;
  }

  @Override
  public GatewayRequest request() {
    return request;
  }

  @Override
  public CallInfo call() {
    return state.info();
  }

  public CallState state() {
    return state;
  }

  @Override
  public GatewayResponse proceed(GatewayRequest request) {
    if (index >= interceptors.size()) {
      throw new IllegalStateException("the last stage of the chain must not call proceed()");
    }
    if (request == null || request.kind() != state.info().kind()) {
      throw new IllegalArgumentException(
          "An interceptor may change the request but not the kind of call: expected "
              + state.info().kind()
              + ", got "
              + (request == null ? null : request.kind()));
    }
    Interceptor interceptor = interceptors.get(index);
    boolean user = index >= userFrom && index < userTo;
    RealInterceptorChain next =
        new RealInterceptorChain(interceptors, userFrom, userTo, index + 1, request, state, user);
    GatewayResponse response;
    try {
      response = interceptor.intercept(next);
    } catch (RuntimeException | Error e) {
      next.endProduced(null, interceptor, "threw " + e.getClass().getName());
      throw e;
    }
    if (response == null || response.kind() != state.info().kind()) {
      next.endProduced(null, interceptor, "returned a response of the wrong kind");
      throw new IllegalStateException(
          "Interceptor "
              + interceptor.getClass().getName()
              + " returned "
              + (response == null ? "null" : response.kind().toString())
              + " for a "
              + state.info().kind()
              + " call");
    }
    next.endProduced(response, interceptor, "returned another stream");
    remember(response);
    return response;
  }

  /** Remembers a stream this chain's proceed() returned to the user interceptor holding it. */
  private void remember(GatewayResponse response) {
    if (produced == null || !(response instanceof GatewayResponse.Stream s)) {
      return;
    }
    synchronized (produced) {
      if (!finished) {
        produced.add(s.stream());
        return;
      }
    }
    // proceed() called after the interceptor returned: nobody will pass this stream on.
    end(List.of(s.stream()), state, "proceed() was called after its interceptor returned");
    throw new IllegalStateException(
        "proceed() was called after the interceptor holding the chain returned; call "
            + state.info().id());
  }

  /**
   * Ends the streams that proceed() returned to {@code interceptor} and that do not reach the
   * caller (see the class Javadoc).
   *
   * @param returned what the interceptor returned, or {@code null} if it failed
   */
  private void endProduced(
      @Nullable GatewayResponse returned, Interceptor interceptor, String what) {
    if (produced == null) {
      return;
    }
    List<ChatStream> streams;
    synchronized (produced) {
      finished = true;
      if (produced.isEmpty()) {
        return;
      }
      streams = List.copyOf(produced);
      produced.clear();
    }
    ChatStream kept = returned instanceof GatewayResponse.Stream s ? s.stream() : null;
    boolean keptOneOfThem = false;
    List<ChatStream> dropped = new ArrayList<>(streams.size());
    for (ChatStream p : streams) {
      if (p == kept) {
        keptOneOfThem = true;
      } else {
        dropped.add(p);
      }
    }
    if (dropped.isEmpty()) {
      return;
    }
    String why = "interceptor " + interceptor.getClass().getName() + " " + what;
    if (kept == null || keptOneOfThem) {
      // It failed, or answered with one of them and dropped the others.
      end(dropped, state, why);
    } else {
      // It answered with a stream of its own, which may read these: they end with the call.
      log.debug(
          "Call {}: {}; its {} stream(s) from proceed() end with the call",
          state.info().id(),
          why,
          dropped.size());
      dropped.forEach(state::endWithCall);
    }
  }

  /**
   * Ends streams that did not reach the caller: each is closed (idempotent), which cancels its own
   * provider call and settles what it holds with what it consumed. Never throws.
   *
   * @param streams the streams
   * @param state their call
   * @param why for the DEBUG log
   */
  public static void end(List<ChatStream> streams, CallState state, String why) {
    for (ChatStream stream : streams) {
      log.debug("Call {}: ending {} ({})", state.info().id(), stream, why);
      try {
        stream.close();
      } catch (RuntimeException e) {
        log.warn("Ending {} of call {} failed; ignoring it", stream, state.info().id(), e);
      }
    }
  }

  /** The chain's state, for the built-in stages. */
  public static CallState stateOf(Interceptor.Chain chain) {
    if (chain instanceof RealInterceptorChain real) {
      return real.state;
    }
    throw new IllegalStateException("built-in stages need the real chain, got " + chain.getClass());
  }
}
