package dev.llmgateway.internal.attempt;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Usage;

/**
 * The fourth attempt step: treats a content-filter verdict that arrived as an answer (a refusal, or
 * a finish reason of {@code CONTENT_FILTER}) like a {@code CONTENT_FILTERED} failure when the alias
 * falls back on that kind ({@code fallbackOn(ErrorKind.CONTENT_FILTERED, true)}) and a later target
 * is left in the plan: the answer's cost is settled (the provider bills a refusal), a stream is
 * closed, and a {@link ProviderException} of kind {@code CONTENT_FILTERED} lets the plan loop fall
 * back. Otherwise (the default, or the plan's last target) the verdict is the caller's answer. A
 * stream falls back only when the verdict came before any content (its first content chunk is a
 * refusal, or it ended filtered without content), as every stream does.
 */
final class VerdictStep implements AttemptStep {
  private final Spend spend;
  private final GatewayEventListener events;

  VerdictStep(Spend spend, GatewayEventListener events) {
    this.spend = spend;
    this.events = events;
  }

  @Override
  public <R> R proceed(AttemptContext a, Next<R> next) {
    R value = next.proceed(a);
    Plan plan = a.state().plan();
    if (plan.fallbackKinds().contains(ErrorKind.CONTENT_FILTERED)) {
      int index = plan.targets().indexOf(a.target());
      if (index >= 0 && index < plan.targets().size() - 1) {
        check(a, value);
      }
    }
    return value;
  }

  private void check(AttemptContext a, Object value) {
    Plan.PlannedTarget target = a.target();
    String type = target.provider().type();
    String model = target.ref().model();
    String refusal;
    Usage charged;
    Cost cost;
    if (value instanceof ChatResponse response) {
      if (response.finishReason() != FinishReason.CONTENT_FILTER) {
        return;
      }
      refusal = response.refusal();
      charged = spend.chargedUsage(type, model, a::inputTokens, response);
      cost = Spend.cost(a.price(), charged, !response.usage().isReported());
    } else if (value instanceof OpenedStream stream) {
      String said = null;
      boolean filtered = false;
      for (ChatChunk chunk : stream.held()) {
        if (chunk.refusal() != null) {
          said = said == null ? chunk.refusal() : said + chunk.refusal();
        }
        filtered |= chunk.finishReason() == FinishReason.CONTENT_FILTER;
      }
      boolean refusedFirst = said != null && !said.isEmpty();
      if (!refusedFirst && !(stream.ended() && (filtered || said != null))) {
        return;
      }
      stream.source().close();
      refusal = said;
      long out = said == null ? 0 : spend.estimator().estimateText(type, model, said);
      charged = Usage.of(a.inputTokens(), out);
      cost = Spend.cost(a.price(), charged, true);
    } else {
      return;
    }
    Spend.settle(a.reservation(), cost.amount(), events);
    // Billed but not handed on: the call's usage record adds it to the answer's cost.
    a.state().charged(new Charge(target.ref(), a.key().id(), 1, charged, cost, false));
    throw filtered(target, refusal);
  }

  private static ProviderException filtered(Plan.PlannedTarget target, String refusal) {
    String model = target.ref().model();
    String what =
        refusal == null
            ? "filtered the answer (finish reason CONTENT_FILTER)"
            : refusal.isEmpty() ? "refused to answer" : "refused: " + shorten(refusal);
    return ProviderException.builder(ErrorKind.CONTENT_FILTERED, target.ref().provider())
        .model(model)
        .providerCode(refusal == null ? "content_filter" : "refusal")
        .message(
            "Provider '"
                + target.ref().provider()
                + "' (model '"
                + model
                + "') "
                + what
                + "; the alias falls back on CONTENT_FILTERED")
        .build();
  }

  /** The refusal on one line, at most 200 characters (a rare path: a regex is fine here). */
  private static String shorten(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
