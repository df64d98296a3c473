/**
 * Metrics and observations of LLM gateway calls through Micrometer: {@link
 * dev.llmgateway.micrometer.MicrometerGatewayListener}, a {@code GatewayEventListener} that records
 * the OpenTelemetry GenAI client metrics and the gateway's own meters in a {@code MeterRegistry},
 * and one observation per call with a child per attempt in an {@code ObservationRegistry} (spans,
 * through Micrometer Tracing).
 *
 * <p>Micrometer's jars are automatic modules ({@code micrometer.core}, {@code
 * micrometer.observation}); the API takes their registries, so they are read transitively.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.llmgateway.micrometer {
  requires transitive dev.llmgateway.core;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires static org.jspecify;

  exports dev.llmgateway.micrometer;
}
