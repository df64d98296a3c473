package dev.llmgateway.langchain4j;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.RequestContext;
import java.util.Objects;
import java.util.function.Supplier;

/** What every model of this module is built from: the client, the alias, the attribution. */
record Settings(GatewayClient gateway, String model, Supplier<RequestContext> context) {
  Settings {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(context, "context");
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model (the gateway alias) must be set and not blank");
    }
  }

  /** The attribution of a call now: never null. */
  RequestContext callContext() {
    RequestContext c = context.get();
    return c == null ? RequestContext.EMPTY : c;
  }

  /** A builder's common parts; each model's builder holds one. */
  static final class Parts {
    GatewayClient gateway;
    String model;
    Supplier<RequestContext> context = () -> RequestContext.EMPTY;

    Settings build() {
      if (gateway == null) {
        throw new IllegalArgumentException("gateway must be set");
      }
      return new Settings(gateway, model, context);
    }
  }
}
