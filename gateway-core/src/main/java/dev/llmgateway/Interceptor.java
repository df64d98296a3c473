package dev.llmgateway;

/**
 * Observes, changes or answers calls on their way through the client: guardrails, redaction,
 * logging, canned answers. Added with {@link GatewayClient.Builder#interceptor(Interceptor)}.
 *
 * <pre>{@code
 * Interceptor guardrail = chain -> {
 *   if (chain.request() instanceof GatewayRequest.Chat chat && isForbidden(chat.request())) {
 *     return new GatewayResponse.Chat(refusal(chat.request()));   // short-circuit
 *   }
 *   return chain.proceed(chain.request());
 * };
 * }</pre>
 *
 * <p><b>Where user interceptors run.</b> Call-tier interceptors run once per call, as an OkHttp
 * application interceptor does. The request path is {@code validate -> your interceptors, in the
 * order added -> quota -> cache -> route -> plan loop}: your interceptors see a request that passed
 * validation and carries its attribution ({@link GatewayRequest#context()}); what they return is
 * what the caller gets. A request they change is not validated again (the model records still
 * validate themselves), and is what routing, quota and cache see. They run before any retry or
 * fallback, so they run once however many provider attempts the call needs.
 *
 * <p>To see each provider attempt instead (retries, fallbacks, hedges), use an {@link
 * AttemptInterceptor}.
 *
 * <p><b>One chain for every kind of call.</b> {@link Chain#request()} is a {@link GatewayRequest}
 * (chat, streamed chat or embedding) and {@link Chain#proceed} returns the matching {@link
 * GatewayResponse}. An interceptor may replace the request with one of the same kind, may answer
 * without calling {@code proceed} (short-circuit), and must return a response of the call's kind;
 * the chain throws {@link IllegalStateException} otherwise.
 *
 * <p><b>Streams it does not return.</b> A {@link ChatStream} that {@code proceed} returns holds a
 * budget reservation, quota tokens and an HTTP call until it ends. The chain ends every one the
 * interceptor does not return, charged with what it consumed: at once when the interceptor throws
 * or returns another stream {@code proceed} gave it (calling {@code proceed} again drops the
 * earlier one without cancelling the call), and when the call ends when it returns a stream of its
 * own (which may wrap them). The call's usage record includes what they cost. In a streamed call,
 * {@code proceed} on a chain whose interceptor already returned ends the stream it made and throws
 * {@link IllegalStateException}.
 *
 * <p><b>Threads.</b> Interceptors run on the thread that runs the call (the caller's for {@code
 * chat}/{@code stream}, the client's executor for the async variants), never under a lock, and
 * concurrently for concurrent calls: they must be thread-safe. An exception they throw ends the
 * call with that exception.
 */
@FunctionalInterface
public interface Interceptor {

  /**
   * Handles one call.
   *
   * @param chain the rest of the request path
   * @return the response, of the same kind as {@code chain.request()}
   */
  GatewayResponse intercept(Chain chain);

  /** The rest of the request path, as seen by one interceptor. Immutable. */
  interface Chain {

    /**
     * The request as the previous stage passed it on.
     *
     * @return the request
     */
    GatewayRequest request();

    /**
     * The call being served.
     *
     * @return the call's id, kind, requested model and attribution
     */
    CallInfo call();

    /**
     * Passes the request to the next stage and returns its response.
     *
     * @param request the request, possibly changed, of the same kind as {@link #request()}
     * @return the response of the rest of the path
     * @throws IllegalArgumentException if the request's kind differs from the call's
     * @throws IllegalStateException if a streamed call proceeds after the interceptor holding this
     *     chain returned (the stream made is ended)
     * @throws dev.llmgateway.error.GatewayException as the rest of the path does
     */
    GatewayResponse proceed(GatewayRequest request);
  }
}
