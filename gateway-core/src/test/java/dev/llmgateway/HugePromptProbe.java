package dev.llmgateway;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.util.SplittableRandom;

/**
 * Run by {@link HugePromptTest} in a child JVM with a small heap: sends prompts of about 8 and 10
 * million characters through a client with a budget and prints what happened, one line each.
 */
final class HugePromptProbe {
  /** Just under the validation limit of 8,000,000 characters. */
  static final int LARGEST_VALID_PROMPT = 7_999_000;

  /** Ten megabytes of text: above the validation limit. */
  static final int TEN_MEGABYTES = 10 * 1024 * 1024;

  private HugePromptProbe() {}

  /**
   * Letters without a space: one piece to a BPE tokenizer, the shape that made the estimate need
   * about 2 GB before its cost was bounded.
   */
  static String letters(int length) {
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  static GatewayClient client(String budgetUsd) {
    ScriptedProvider prod = new ScriptedProvider("prod");
    ProviderFactory openAiTyped =
        new ProviderFactory() {
          @Override
          public String type() {
            return "openai";
          }

          @Override
          public Provider create(ProviderSettings settings) {
            return prod;
          }
        };
    return GatewayClient.builder()
        .providerFactory(openAiTyped)
        .provider("prod", p -> p.type("openai").apiKey(Secret.of(TestSupport.FAKE_KEY)))
        .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd(budgetUsd)))
        .build();
  }

  public static void main(String[] args) {
    System.out.println("maxMemory " + Runtime.getRuntime().maxMemory());
    String prompt = letters(LARGEST_VALID_PROMPT);
    ChatRequest request =
        ChatRequest.builder().model("prod/gpt-4o").user(prompt).maxTokens(100).build();
    try (GatewayClient gateway = client("1")) {
      gateway.chat(request);
      System.out.println("not refused");
    } catch (BudgetExceededException e) {
      System.out.println("refused " + e.getMessage());
    }
    try (GatewayClient gateway = client("1000")) {
      ChatResponse answer = gateway.chat(request);
      System.out.println(
          "answered "
              + answer.text()
              + "; reserved after "
              + gateway.budgets().status(BudgetScope.global()).get(0).reserved());
    }
    prompt = null;
    request = null;
    String tooLong = letters(TEN_MEGABYTES);
    try (GatewayClient gateway = client("1000")) {
      gateway.chat(ChatRequest.builder().model("prod/gpt-4o").user(tooLong).build());
      System.out.println("not invalid");
    } catch (InvalidRequestException e) {
      System.out.println("invalid " + e.field() + ": " + e.getMessage());
    }
  }
}
