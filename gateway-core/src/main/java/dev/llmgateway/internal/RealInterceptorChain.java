package dev.llmgateway.internal;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import java.util.List;

/**
 * The real chain: immutable, each {@link #proceed} hands the request to the interceptor at {@code
 * index} with a chain positioned at {@code index + 1}. Checks that interceptors keep the call's
 * kind on the way in and out.
 */
final class RealInterceptorChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final GatewayRequest request;
  private final CallState state;

  RealInterceptorChain(
      List<Interceptor> interceptors, int index, GatewayRequest request, CallState state) {
    this.interceptors = interceptors;
    this.index = index;
    this.request = request;
    this.state = state;
  }

  @Override
  public GatewayRequest request() {
    return request;
  }

  @Override
  public CallInfo call() {
    return state.info();
  }

  CallState state() {
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
    RealInterceptorChain next = new RealInterceptorChain(interceptors, index + 1, request, state);
    GatewayResponse response = interceptor.intercept(next);
    if (response == null || response.kind() != state.info().kind()) {
      throw new IllegalStateException(
          "Interceptor "
              + interceptor.getClass().getName()
              + " returned "
              + (response == null ? "null" : response.kind().toString())
              + " for a "
              + state.info().kind()
              + " call");
    }
    return response;
  }

  /** The chain's state, for the built-in stages. */
  static CallState stateOf(Interceptor.Chain chain) {
    if (chain instanceof RealInterceptorChain real) {
      return real.state;
    }
    throw new IllegalStateException("built-in stages need the real chain, got " + chain.getClass());
  }
}
