package dev.llmgateway.routing;

/** The state of a circuit breaker, as {@code GatewayClient.health()} reports it. */
public enum CircuitState {
  /** Calls flow; failures are counted. */
  CLOSED,
  /** Calls are refused until the open duration has passed. */
  OPEN,
  /** A limited number of probe calls decide whether to close or open again. */
  HALF_OPEN,
  /** Circuit breaking is switched off in the configuration. */
  DISABLED
}
