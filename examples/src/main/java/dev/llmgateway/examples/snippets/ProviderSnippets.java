package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.spi.Secret;

/** The snippets of docs/openai-compatible.md and docs/reasoning.md. */
final class ProviderSnippets {
  private ProviderSnippets() {}

  static GatewayClient profiles() {
    return
    // snippet: openai-compatible-profiles
    GatewayClient.builder()
        .provider(
            "mistral",
            p -> p.type("openai").profile("mistral").apiKey(Secret.env("MISTRAL_API_KEY")))
        .provider(
            "azure",
            p ->
                p.type("openai")
                    .profile("azure-openai")
                    .baseUrl("https://my-resource.openai.azure.com")
                    .option("deployments", "gpt-4o=prod-4o,gpt-4o-mini=mini")
                    .apiKey(Secret.env("AZURE_OPENAI_KEY")))
        .provider("local", p -> p.type("openai").profile("ollama")) // no key needed
        .build();
    // end snippet: openai-compatible-profiles
  }

  static void reasoning() {
    // snippet: reasoning-forms
    ChatRequest.builder().reasoning(ReasoningEffort.HIGH); // effort, no thoughts
    ChatRequest.builder().reasoning(Reasoning.effort(ReasoningEffort.LOW).withThoughts());
    ChatRequest.builder().reasoning(Reasoning.budget(8_000)); // a token budget
    // end snippet: reasoning-forms
  }
}
