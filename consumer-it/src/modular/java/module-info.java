/**
 * A user's application on the module path: it reads only the client (and the test kit for a fake
 * server). The OpenAI provider is not required: the module system binds it because {@code
 * dev.llmgateway.core} uses {@code ProviderFactory} and {@code dev.llmgateway.provider.openai}
 * provides one.
 */
module dev.llmgateway.consumer.modular {
  requires dev.llmgateway.core;
  requires dev.llmgateway.testkit;
}
