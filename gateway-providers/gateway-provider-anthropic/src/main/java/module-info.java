/**
 * The Anthropic Messages API provider adapter. It provides the {@code anthropic} {@link
 * dev.llmgateway.spi.ProviderFactory}.
 */
module dev.llmgateway.provider.anthropic {
  requires transitive dev.llmgateway.spi;
  requires static transitive org.jspecify;
  requires dev.llmgateway.provider.http;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;

  exports dev.llmgateway.provider.anthropic;

  provides dev.llmgateway.spi.ProviderFactory with
      dev.llmgateway.provider.anthropic.AnthropicProviderFactory;
}
