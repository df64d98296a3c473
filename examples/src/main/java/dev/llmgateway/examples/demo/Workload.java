package dev.llmgateway.examples.demo;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's traffic: a fixed sequence of calls from three teams of the tenant {@code acme}, drawn
 * from a seeded generator so that every run sends the same calls in the same order.
 *
 * <ul>
 *   <li>{@code support}: {@code faq} answers (alias {@code chat}, a small pool of questions that
 *       customers repeat, some streamed) and {@code reply-draft} (alias {@code smart}, streamed);
 *   <li>{@code search}: {@code summarize} of long documents (alias {@code bulk}) and {@code answer}
 *       (alias {@code chat}, a pool of questions);
 *   <li>{@code marketing}: {@code copy} (alias {@code smart}, streamed) and {@code translate}
 *       (alias {@code chat}).
 * </ul>
 */
final class Workload {
  private static final String TENANT = "acme";
  private static final String[] FAQ = {
    "How do I reset my password?",
    "Can I change the email address of my account?",
    "Where do I find my invoices?",
    "How do I cancel my subscription?",
    "Do you offer a discount for non-profits?",
    "How do I add a teammate to my workspace?",
    "Which payment methods do you accept?",
    "How long do you keep deleted projects?",
    "Can I export my data?",
    "Is there a mobile app?",
    "How do I enable two-factor authentication?",
    "What are your support hours?",
  };
  private static final String[] SEARCH_QUESTIONS = {
    "What is a circuit breaker?",
    "What does a 429 status mean?",
    "How do weighted routes work?",
    "What is an idempotency key?",
    "What is exponential backoff?",
    "What is a token in a language model?",
    "What is a vector embedding?",
    "What is a p99 latency?",
    "What is a dead letter queue?",
  };
  private static final String[] PHRASES = {
    "Translate to French: Our spring sale starts Monday.",
    "Translate to German: Free shipping on every order.",
    "Translate to Spanish: Thank you for being a customer.",
  };
  private static final String[] WORDS = {
    "roadmap", "quarter", "risk", "owner", "migration", "customer", "latency", "budget", "release",
    "incident", "review", "decision", "team", "service", "deadline", "metric", "contract", "vendor",
  };

  private Workload() {}

  /**
   * One call of the workload.
   *
   * @param number its place, from 1
   * @param request the request
   * @param stream whether it is sent as a stream
   */
  record Call(int number, ChatRequest request, boolean stream) {

    /**
     * The calling team.
     *
     * @return the team
     */
    String team() {
      String team = request.context().team();
      return team == null ? "-" : team;
    }
  }

  /**
   * The calls of a run.
   *
   * @param count how many
   * @param seed the seed of the draws
   * @return the calls, in order
   */
  static List<Call> calls(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Call> calls = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      calls.add(next(i, random));
    }
    return calls;
  }

  private static Call next(int number, SplittableRandom random) {
    double team = random.nextDouble();
    boolean first = random.nextInt(100) < 60;
    if (team < 0.45) {
      return first
          ? call(number, "support", "faq", "chat", pick(FAQ, random), random.nextInt(100) < 30)
          : call(number, "support", "reply-draft", "smart", ticket(number, random), true);
    }
    if (team < 0.75) {
      return first
          ? call(number, "search", "summarize", "bulk", document(number, random), false)
          : call(number, "search", "answer", "chat", pick(SEARCH_QUESTIONS, random), false);
    }
    return first
        ? call(number, "marketing", "copy", "smart", "Write a tagline for product #" + number, true)
        : call(number, "marketing", "translate", "chat", pick(PHRASES, random), false);
  }

  private static Call call(
      int number, String team, String feature, String alias, String text, boolean stream) {
    ChatRequest request =
        ChatRequest.builder()
            .model(alias)
            .system("You are the assistant of acme's " + team + " team. Be brief.")
            .user(text)
            .maxTokens(feature.equals("summarize") ? 300 : 500)
            .context(RequestContext.tenant(TENANT).team(team).feature(feature))
            .build();
    return new Call(number, request, stream);
  }

  private static String pick(String[] pool, SplittableRandom random) {
    return pool[random.nextInt(pool.length)];
  }

  private static String ticket(int number, SplittableRandom random) {
    return "Draft a reply to ticket #" + number + ": " + words(60 + random.nextInt(120), random);
  }

  private static String document(int number, SplittableRandom random) {
    return "Summarize document #" + number + ": " + words(800 + random.nextInt(1_600), random);
  }

  private static String words(int count, SplittableRandom random) {
    StringBuilder sb = new StringBuilder(count * 8);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
