package dev.llmgateway.examples;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.SampleRequests;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Prompt caching: a long, stable system prompt and the tools marked as a cacheable prefix, a key
 * that groups requests sharing it, and the cache reads and writes in the usage. The code between
 * the {@code docs/prompt-caching.md} markers is the page's example, checked to match by {@code
 * DocsExamplesTest}.
 *
 * <p>{@link #main} runs it against an embedded {@link FakeLlmServer} speaking OpenAI's format; the
 * tests also run it against Anthropic's and Bedrock's.
 */
public final class PromptCachingExample {
  /** The long instructions every request starts with. */
  static final String MANUAL =
      "You are the support assistant of Acme. Follow the manual below. (Imagine 20 pages here.)";

  private PromptCachingExample() {}

  /**
   * Asks one question behind the cacheable prefix.
   *
   * @param gateway a client with an alias {@code support}
   * @param question the user's question
   * @return the answer
   */
  public static ChatResponse ask(GatewayClient gateway, String question) {
    // docs/prompt-caching.md: begin
    ChatRequest request =
        ChatRequest.builder()
            .model("support")
            .message(Message.system(MANUAL).cacheable()) // the prefix up to here is cached
            .tool(SampleRequests.WEATHER_TOOL)
            .cacheTools(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR)) // and the tools, for an hour
            .promptCacheKey("acme-support-v3") // OpenAI: keeps these requests on one cache
            .user(question)
            .build();

    ChatResponse answer = gateway.chat(request);
    Usage usage = answer.usage();
    long readFromCache = usage.cachedReadInputTokens(); // billed at the cache-read price
    long writtenToCache = usage.cacheWriteInputTokens(); // Anthropic and Bedrock report writes
    // docs/prompt-caching.md: end
    System.out.println(
        readFromCache + " tokens read from the cache, " + writtenToCache + " written");
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
                .alias("support", a -> a.target("openai", "gpt-4.1-mini"))
                .build()) {
      fake.enqueue(FakeResponse.text("Restart the router.").withUsage(2048, 5, 1920, 0));
      out.println("answer: " + ask(gateway, "My internet is down.").text());
    }
  }
}
