package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.micrometer.MicrometerGatewayListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/** The snippets of docs/observability.md. */
final class ObservabilitySnippets {
  private ObservabilitySnippets() {}

  static GatewayClient micrometer(
      MeterRegistry meterRegistry, ObservationRegistry observationRegistry) {
    // snippet: observability-micrometer
    GatewayClient client =
        GatewayClient.builder()
            .eventListener(
                MicrometerGatewayListener.builder(meterRegistry)
                    .observationRegistry(
                        observationRegistry) // optional: spans through Micrometer Tracing
                    .providerType("backup", "openai") // a provider name that is not its type
                    .build())
            // ...
            .build();
    // end snippet: observability-micrometer
    return client;
  }
}
