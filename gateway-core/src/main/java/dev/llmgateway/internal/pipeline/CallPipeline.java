package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.attempt.AttemptLoop;
import dev.llmgateway.internal.routing.Router;
import dev.llmgateway.internal.spend.Spend;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request path of every call, assembled once in {@link #assemble} and run per call as an
 * immutable interceptor chain.
 *
 * <p>The composition, outermost first (each stage wraps everything to its right):
 *
 * <pre>
 * Record(Validate(Attribute(UserInterceptors(Quota[reserve, settle](Cache[exact match, single
 *     flight](BudgetDowngrade(Route(Settle[cost from usage](AttemptLoop[deadline, attempt cap,
 *         hedge](CapacityWait(NextKey(Retry[backoff, Retry-After, retry budget](Permit[circuit
 *             breaker, in flight](Reserve[worst case, every applicable budget](Provider)))))))))))))))
 * </pre>
 *
 * <p>where {@code Quota} is present only when the builder configured quotas and {@code Cache} only
 * when it configured a cache.
 *
 * <p>{@code Record} (stage 8) is not an interceptor: {@link GatewayEngine} wraps the whole chain,
 * and once per call, success or failure (for streams: when the stream ends), hands one {@link
 * dev.llmgateway.usage.UsageRecord} to the {@link UsageWriter}'s bounded queue, so it also sees
 * calls refused by validation or answered by an interceptor.
 *
 * <p>and, once the later stages exist (their places are marked in {@link #assemble}):
 *
 * <pre>
 * Record(Validate(Attribute(UserInterceptors(Quota(Cache(BudgetDowngrade(Route(
 *     Settle(AttemptLoop(Key(Breaker(Retry(Reserve(Provider)))))))))))))
 * </pre>
 *
 * <p>Stages up to route run once per call and may answer without calling a provider; the steps
 * inside the attempt loop run once per attempt. Chat, streamed chat and embedding calls all take
 * this path; a stage that cares tests the kind of {@link GatewayRequest}.
 */
public final class CallPipeline {
  /** The stages before the user interceptors: validate and attribute. */
  private static final int USER_FROM = 2;

  private final List<Interceptor> chain;
  private final int userTo;

  public CallPipeline(
      List<Interceptor> userInterceptors,
      @Nullable QuotaStage quota,
      @Nullable CacheStage cache,
      Router router,
      AttemptLoop loop,
      Spend spend,
      dev.llmgateway.GatewayEventListener events) {
    this.chain = assemble(userInterceptors, quota, cache, router, loop, spend, events);
    this.userTo = USER_FROM + userInterceptors.size();
  }

  /**
   * Builds the chain, top to bottom in the order of the request path (see the class Javadoc).
   *
   * @return the stages, outermost first
   */
  private static List<Interceptor> assemble(
      List<Interceptor> userInterceptors,
      @Nullable QuotaStage quota,
      @Nullable CacheStage cache,
      Router router,
      AttemptLoop loop,
      Spend spend,
      dev.llmgateway.GatewayEventListener events) {
    List<Interceptor> stages = new ArrayList<>();
    // 1. validate: sizes and cross-message references; InvalidRequestException naming the field.
    stages.add(new ValidateStage());
    // 2. attribute: the RequestContext is attached; tenant policy plugs in inside this stage.
    stages.add(new AttributeStage());
    // User interceptors: once per call, after validation and attribution, before quota and route.
    // A stream that proceed() gives one of them and that does not reach the caller is ended by the
    // chain (RealInterceptorChain), so that nothing it holds is left behind.
    if (stages.size() != USER_FROM) {
      throw new IllegalStateException("user interceptors must start at stage " + USER_FROM);
    }
    stages.addAll(userInterceptors);
    // 3. quota: request and token limits per scope (sliding windows); tokens reserved here,
    //    settled to the real usage when the call (or its stream) ends. Only when configured.
    if (quota != null) {
      stages.add(quota);
    }
    // 4. cache: exact-match lookup keyed by the canonical request and its partition; identical
    //    concurrent misses share one upstream call (single flight). Only when configured.
    if (cache != null) {
      stages.add(cache);
    }
    // Budget downgrade: a refusal by a budget with a downgrade alias routes the call once more,
    // to that alias.
    stages.add(new BudgetStage(spend, events));
    // 5. route: hook, rules, alias -> ordered plan of targets, filtered by capabilities and
    //    context window; targets without an available key last.
    stages.add(new RouteStage(router));
    // 6. attempt loop: per target and key, with retry, next key and fallback; each attempt first
    //    reserves its worst-case cost in every applicable budget (released if it fails), then the
    //    circuit breaker permit wraps the provider call.
    // 7. settle: the winning reservation is settled with the cost computed from the usage (for a
    //    stream, when it ends, breaks or is closed). 8. record: one UsageRecord per call, emitted
    //    around the whole chain by GatewayEngine into UsageWriter's bounded queue.
    stages.add(new AttemptStage(loop, spend, events));
    return List.copyOf(stages);
  }

  /**
   * Runs one call through the chain.
   *
   * @param request the call's request
   * @param state the call's state
   * @return the chain's response, of the request's kind
   */
  public GatewayResponse execute(GatewayRequest request, CallState state) {
    return new RealInterceptorChain(chain, USER_FROM, userTo, request, state).proceed(request);
  }
}
