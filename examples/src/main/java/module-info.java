/**
 * Runnable examples of the LLM gateway. {@code FaqProviderFactory} shows how a provider of your own
 * registers on the module path: a {@code provides} clause (and, for the class path, the {@code
 * META-INF/services} file as well). Nothing here is API, so nothing is exported.
 */
module dev.llmgateway.examples {
  // snippet: readme-module
  requires dev.llmgateway.core; // and, through it, dev.llmgateway.spi
  // end snippet: readme-module
  requires dev.llmgateway.testkit;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires static org.jspecify;

  // snippet: providers-module
  provides dev.llmgateway.spi.ProviderFactory with
      dev.llmgateway.examples.custom.FaqProviderFactory;
// end snippet: providers-module
}
