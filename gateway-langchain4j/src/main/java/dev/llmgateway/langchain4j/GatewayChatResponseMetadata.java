package dev.llmgateway.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Route;
import java.util.Objects;

/**
 * The metadata of an answer that came through the gateway: LangChain4j's (id, model, token usage,
 * finish reason), plus the gateway's {@link Route} (the alias, the target that answered, every
 * attempt with its error, whether the cache answered) and the call's {@link Cost}.
 *
 * <pre>{@code
 * ChatResponse answer = model.chat(request);
 * if (answer.metadata() instanceof GatewayChatResponseMetadata gateway) {
 *   log.info("answered by {} for {}", gateway.route().target(), gateway.cost());
 * }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class GatewayChatResponseMetadata extends ChatResponseMetadata {
  private final Route route;
  private final Cost cost;

  private GatewayChatResponseMetadata(Builder builder) {
    super(builder);
    this.route = Objects.requireNonNull(builder.route, "route");
    this.cost = Objects.requireNonNull(builder.cost, "cost");
  }

  /**
   * How the gateway served the call.
   *
   * @return the route: alias, target, attempts, cache hit
   */
  public Route route() {
    return route;
  }

  /**
   * What the call cost.
   *
   * @return the cost
   */
  public Cost cost() {
    return cost;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatewayChatResponseMetadata other
        && super.equals(other)
        && route.equals(other.route)
        && cost.equals(other.cost);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), route, cost);
  }

  @Override
  public String toString() {
    return "GatewayChatResponseMetadata{"
        + super.toString()
        + ", route="
        + route
        + ", cost="
        + cost
        + "}";
  }

  static Builder gatewayBuilder() {
    return new Builder();
  }

  /** Builds the metadata (inside this module). */
  static final class Builder extends ChatResponseMetadata.Builder<Builder> {
    private Route route;
    private Cost cost;

    Builder route(Route route) {
      this.route = route;
      return this;
    }

    Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    @Override
    public GatewayChatResponseMetadata build() {
      return new GatewayChatResponseMetadata(this);
    }
  }
}
