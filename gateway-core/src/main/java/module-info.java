/**
 * The LLM gateway client: {@code GatewayClient}, its builder and the local policies (routing,
 * caching, budgets, quotas, pricing, usage), and configuration files ({@code
 * dev.llmgateway.config}). Provider adapters are found through {@link java.util.ServiceLoader} as
 * {@link dev.llmgateway.spi.ProviderFactory} services. The packages under {@code
 * dev.llmgateway.internal} are implementation and are not exported.
 */
module dev.llmgateway.core {
  requires transitive dev.llmgateway.spi;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.github.benmanes.caffeine;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.core;
  // jtokkit's jar has no module name: this is the name derived from its file name.
  requires jtokkit;

  exports dev.llmgateway;
  exports dev.llmgateway.budget;
  exports dev.llmgateway.cache;
  exports dev.llmgateway.config;
  exports dev.llmgateway.pricing;
  exports dev.llmgateway.ratelimit;
  exports dev.llmgateway.routing;
  exports dev.llmgateway.usage;

  uses dev.llmgateway.spi.ProviderFactory;
  uses dev.llmgateway.config.StoreFactory;
}
