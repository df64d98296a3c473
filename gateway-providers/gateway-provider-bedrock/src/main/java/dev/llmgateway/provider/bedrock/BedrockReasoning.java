package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningEffort;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a request's {@link Reasoning} reaches a Bedrock model, through Converse's {@code
 * additionalModelRequestFields} (Converse has no reasoning field of its own):
 *
 * <ul>
 *   <li>Claude, by the version in its model id (the same rules as the Anthropic adapter): before
 *       4.6 {@code thinking: {type: enabled, budget_tokens}} (an effort sends its budget, {@link
 *       Reasoning#budgetOrEquivalent()}; Bedrock also documents the older name {@code
 *       reasoning_config} for Claude 3.7, which takes the same object); 4.6 adaptive for an effort,
 *       manual for a budget; 4.7 and later, and ids without a version, {@code thinking: {type:
 *       adaptive, display}} with {@code output_config: {effort}} ({@code display} {@code
 *       summarized} when the caller asks for thoughts, else {@code omitted}).
 *   <li>Amazon Nova 2 ({@code nova-2} in the id): {@code reasoningConfig: {type: enabled,
 *       maxReasoningEffort}} with {@code low}, {@code medium} or {@code high} ({@code MINIMAL} as
 *       {@code low}).
 *   <li>Other models take no reasoning setting; none is sent.
 * </ul>
 *
 * <p>A manual budget is at least {@value #MIN_BUDGET} tokens and below {@code maxTokens}: without a
 * request {@code maxTokens}, {@code inferenceConfig.maxTokens} becomes the budget plus {@value
 * #ANSWER_TOKENS}; with one, an effort's budget shrinks to fit below it, and a {@code maxTokens}
 * with no room for {@value #MIN_BUDGET} thinking tokens is refused, naming it.
 */
final class BedrockReasoning {
  /** Claude's smallest thinking budget: {@value}. */
  static final int MIN_BUDGET = 1_024;

  /**
   * The answer tokens added above a budget when the request sets no {@code maxTokens}: {@value}.
   */
  static final int ANSWER_TOKENS = 4_096;

  /** The additional request fields and the output limit a reasoning request needs. */
  record Plan(Map<String, Object> fields, @Nullable Integer maxTokens) {}

  private BedrockReasoning() {}

  /**
   * The plan for a request, or {@code null} when it asks for no reasoning or its model takes none.
   *
   * @param modelId the Bedrock model id (or inference profile id) the call addresses
   * @throws InvalidRequestException naming {@code maxTokens} if it leaves no room for thinking
   */
  static @Nullable Plan plan(ChatRequest request, String modelId) {
    Reasoning reasoning = request.reasoning();
    if (reasoning == null) {
      return null;
    }
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.contains("nova-2")) {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("type", "enabled");
      config.put("maxReasoningEffort", wireEffort(reasoning.effortOrEquivalent()));
      return new Plan(Map.of("reasoningConfig", config), request.maxTokens());
    }
    if (!id.contains("claude")) {
      return null;
    }
    int[] version = claudeVersion(id);
    int v = version == null ? Integer.MAX_VALUE : version[0] * 100 + version[1];
    boolean manual = v < 406 || (v < 407 && reasoning.budgetTokens() != null);
    Map<String, Object> thinking = new LinkedHashMap<>();
    Map<String, Object> fields = new LinkedHashMap<>();
    if (!manual) {
      thinking.put("type", "adaptive");
      thinking.put("display", reasoning.includeThoughts() ? "summarized" : "omitted");
      fields.put("thinking", thinking);
      fields.put("output_config", Map.of("effort", wireEffort(reasoning.effortOrEquivalent())));
      return new Plan(fields, request.maxTokens());
    }
    int budget = Math.max(MIN_BUDGET, reasoning.budgetOrEquivalent());
    Integer explicit = request.maxTokens();
    int maxTokens;
    if (explicit == null) {
      maxTokens = budget + ANSWER_TOKENS;
    } else {
      maxTokens = explicit;
      if (budget >= explicit && reasoning.budgetTokens() == null) {
        budget = explicit - 1;
      }
      if (budget < MIN_BUDGET || budget >= explicit) {
        throw new InvalidRequestException(
            "maxTokens",
            "Claude's extended thinking needs a budget of at least "
                + MIN_BUDGET
                + " tokens below maxTokens, but maxTokens is "
                + explicit);
      }
    }
    thinking.put("type", "enabled");
    thinking.put("budget_tokens", budget);
    fields.put("thinking", thinking);
    return new Plan(fields, maxTokens);
  }

  /** Whether a model takes a reasoning setting: Claude 3.7 and later, and Nova 2. */
  static boolean reasons(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.contains("nova-2")) {
      return true;
    }
    if (!id.contains("claude")) {
      return false;
    }
    int[] version = claudeVersion(id);
    return version == null || version[0] * 100 + version[1] >= 307;
  }

  /** Whether a model takes cache points: Claude and Amazon Nova. */
  static boolean caches(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    return id.contains("claude") || id.contains("nova");
  }

  /**
   * The {@code [major, minor]} version in a Claude model id, or {@code null} without one; numbers
   * of one or two digits count, dates and the {@code -v1:0} suffix do not.
   */
  static int @Nullable [] claudeVersion(String modelId) {
    int at = modelId.indexOf("claude-");
    if (at < 0) {
      return null;
    }
    String[] tokens = modelId.substring(at + "claude-".length()).split("[-.]");
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].matches("\\d{1,2}")) {
        int minor =
            i + 1 < tokens.length && tokens[i + 1].matches("\\d{1,2}")
                ? Integer.parseInt(tokens[i + 1])
                : 0;
        return new int[] {Integer.parseInt(tokens[i]), minor};
      }
    }
    return null;
  }

  private static String wireEffort(ReasoningEffort effort) {
    return (effort == ReasoningEffort.MINIMAL ? ReasoningEffort.LOW : effort).wireName();
  }
}
