package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.micrometer.MicrometerGatewayListener;
import dev.llmgateway.model.ChatRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Function;
import org.slf4j.Logger;

/** The snippets of docs/observability.md. */
final class ObservabilitySnippets {
  private ObservabilitySnippets() {}

  static GatewayClient micrometer(
      MeterRegistry meterRegistry, ObservationRegistry observationRegistry) {
    // snippet: observability-micrometer
    MicrometerGatewayListener listener =
        MicrometerGatewayListener.builder(meterRegistry)
            .observationRegistry(observationRegistry) // optional: spans through Micrometer Tracing
            .build();
    GatewayClient client =
        GatewayClient.builder()
            .eventListener(listener)
            // ...
            .build();
    listener.bindTo(client); // optional: the budget and circuit gauges
    // end snippet: observability-micrometer
    return client;
  }

  static GatewayClient.Builder promptLog(
      GatewayClient.Builder builder, Logger promptLog, Function<ChatRequest, String> redactor) {
    return builder
        // snippet: observability-prompt-log
        .interceptor(
        chain -> {
          if (chain.request() instanceof GatewayRequest.Chat chat) {
            promptLog.debug("{} asks {}", chat.context(), redactor.apply(chat.request()));
          }
          return chain.proceed(chain.request());
        })
    // end snippet: observability-prompt-log
    ;
  }
}
