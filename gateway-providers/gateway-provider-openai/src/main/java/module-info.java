/**
 * The OpenAI provider adapter, with profiles for OpenAI-compatible endpoints. It provides the
 * {@code openai} {@link dev.llmgateway.spi.ProviderFactory}.
 */
module dev.llmgateway.provider.openai {
  requires transitive dev.llmgateway.spi;
  requires static transitive org.jspecify;
  requires dev.llmgateway.provider.http;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  // Optional, only for the vertex profile (google-auth-library-oauth2-http and its credentials
  // jar): an application that uses it resolves them with its own `requires com.google.auth.oauth2`
  // or `--add-modules com.google.auth.oauth2`.
  requires static com.google.auth.oauth2;
  requires static com.google.auth;

  exports dev.llmgateway.provider.openai;

  provides dev.llmgateway.spi.ProviderFactory with
      dev.llmgateway.provider.openai.OpenAiProviderFactory;
}
