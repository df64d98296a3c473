/**
 * The normalized request and response model, the provider contract and the error taxonomy of the
 * LLM gateway: everything a provider adapter and an application share.
 */
module dev.llmgateway.spi {
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports dev.llmgateway.error;
  exports dev.llmgateway.model;
  exports dev.llmgateway.spi;
}
