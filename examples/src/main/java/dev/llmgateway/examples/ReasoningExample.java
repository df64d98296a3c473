package dev.llmgateway.examples;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.SampleRequests;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Reasoning, normalized: one effort for every provider of an alias, the thinking text apart from
 * the answer, and a tool-use turn sent back with its reasoning intact. The code between the {@code
 * docs/reasoning.md} markers is the page's example, checked to match by {@code DocsExamplesTest}.
 *
 * <p>{@link #main} runs it against an embedded {@link FakeLlmServer} speaking OpenAI's Responses
 * API; the tests also run it against Anthropic's and Bedrock's wire formats.
 */
public final class ReasoningExample {
  private ReasoningExample() {}

  /**
   * Asks a reasoning model to call a tool, then sends the tool's result back with the model's turn.
   *
   * @param gateway a client with an alias {@code thinker} over reasoning models
   * @return the answer to the follow-up
   */
  public static ChatResponse askWithTool(GatewayClient gateway) {
    // docs/reasoning.md: begin
    ChatRequest request =
        ChatRequest.builder()
            .model("thinker")
            .user("What's the weather in Paris?")
            .tool(SampleRequests.WEATHER_TOOL)
            .maxTokens(8_000)
            .reasoning(Reasoning.effort(ReasoningEffort.MEDIUM).withThoughts())
            .build();

    ChatResponse first = gateway.chat(request);
    String thoughts = first.reasoningText(); // the thinking; never part of first.text()
    long thinkingTokens = first.usage().reasoningTokens(); // where the provider reports it

    // Send the turn back as it came: thinking blocks keep their signatures.
    ChatRequest next =
        request.toBuilder()
            .message(first.toMessage())
            .message(Message.toolResult(first.firstToolCall().id(), "{\"celsius\":21}"))
            .build();
    ChatResponse answer = gateway.chat(next);
    // docs/reasoning.md: end
    System.out.println("thoughts: " + thoughts + " (" + thinkingTokens + " reasoning tokens)");
    return answer;
  }

  /**
   * Runs the example against an embedded fake server.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (FakeLlmServer fake = FakeLlmServer.start();
        GatewayClient gateway =
            GatewayClient.builder()
                .provider(
                    "openai",
                    p -> p.type("openai").baseUrl(fake.baseUrl()).apiKey(Secret.of("demo-key")))
                .alias(
                    "thinker",
                    a -> a.target("openai", "o4-mini", t -> t.endpointMode(EndpointMode.RESPONSES)))
                .build()) {
      fake.enqueue(
          FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")
              .withReasoning("The user wants the weather; the tool has it.")
              .withUsage(40, 30, 0, 22));
      fake.enqueue(FakeResponse.text("It is 21 °C in Paris."));
      out.println("answer: " + askWithTool(gateway).text());
    }
  }
}
