package dev.llmgateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningEffort;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a request's {@link Reasoning} becomes Claude's thinking settings, which depend on the model's
 * version (read from its id: {@code claude-sonnet-4-5-20250929}, {@code claude-3-7-sonnet}, also
 * inside Bedrock ids such as {@code us.anthropic.claude-opus-4-7}):
 *
 * <table>
 *   <caption>Thinking forms</caption>
 *   <tr><th>model</th><th>form</th><th>an effort becomes</th><th>a budget becomes</th></tr>
 *   <tr><td>before 4.6 (3.7, 4, 4.1, 4.5)</td><td>manual</td>
 *       <td>{@code thinking: {type: enabled, budget_tokens}} with the effort's budget ({@link
 *       Reasoning#budgetOrEquivalent()})</td><td>{@code thinking: {type: enabled, budget_tokens}}</td></tr>
 *   <tr><td>4.6</td><td>adaptive or manual</td>
 *       <td>{@code thinking: {type: adaptive}} and {@code output_config: {effort}}</td>
 *       <td>{@code thinking: {type: enabled, budget_tokens}}</td></tr>
 *   <tr><td>4.7 and later, and ids without a version ({@code claude-mythos-preview})</td>
 *       <td>adaptive only</td><td>{@code thinking: {type: adaptive}} and {@code output_config:
 *       {effort}}</td><td>the same, with the effort the budget stands for ({@link
 *       Reasoning#effortOrEquivalent()})</td></tr>
 * </table>
 *
 * <p>Efforts go on the wire as {@code low}, {@code medium} and {@code high}; {@code MINIMAL} is
 * sent as {@code low}. The adaptive form also sends {@code thinking.display}: {@code summarized}
 * when the caller asked for thoughts, else {@code omitted} (thinking blocks then come back with
 * empty text but with their signatures, which is all a replay needs).
 *
 * <p>A manual budget is at least {@value #MIN_BUDGET} tokens (Anthropic's minimum) and below {@code
 * max_tokens}, since thinking tokens are output tokens. Without a request {@code maxTokens}, {@code
 * max_tokens} becomes the budget plus the provider's default when the default leaves no room; with
 * one, an effort's budget is lowered to fit below it, and a request whose {@code maxTokens} leaves
 * no room for {@value #MIN_BUDGET} thinking tokens is refused, naming {@code maxTokens}.
 */
final class ClaudeThinking {
  /** Anthropic's smallest thinking budget: {@value}. */
  static final int MIN_BUDGET = 1_024;

  /** Which thinking settings a model takes. */
  enum Form {
    /** {@code type: enabled} with {@code budget_tokens} only (before Claude 4.6). */
    MANUAL,
    /** Both forms (Claude 4.6). */
    ADAPTIVE_OR_MANUAL,
    /** {@code type: adaptive} with {@code output_config.effort} only (Claude 4.7 and later). */
    ADAPTIVE
  }

  /**
   * The settings to send: the {@code max_tokens} to write, and how to write the thinking fields.
   */
  record Plan(
      int maxTokens,
      @Nullable Integer budget,
      @Nullable ReasoningEffort effort,
      boolean includeThoughts) {

    /** Writes {@code thinking} and, for the adaptive form, {@code output_config}. */
    void write(JsonGenerator g, boolean writeThinking, boolean writeOutputConfig)
        throws IOException {
      if (writeThinking) {
        g.writeObjectFieldStart("thinking");
        if (budget != null) {
          g.writeStringField("type", "enabled");
          g.writeNumberField("budget_tokens", budget);
        } else {
          g.writeStringField("type", "adaptive");
          g.writeStringField("display", includeThoughts ? "summarized" : "omitted");
        }
        g.writeEndObject();
      }
      if (effort != null && writeOutputConfig) {
        g.writeObjectFieldStart("output_config");
        g.writeStringField("effort", wireEffort(effort));
        g.writeEndObject();
      }
    }
  }

  private ClaudeThinking() {}

  /**
   * The thinking plan of a request, or {@code null} when it asks for no reasoning.
   *
   * @param defaultMaxTokens the {@code max_tokens} sent when the request sets none
   * @throws InvalidRequestException naming {@code maxTokens} if it leaves no room for thinking
   */
  static @Nullable Plan plan(ChatRequest request, int defaultMaxTokens) {
    Reasoning reasoning = request.reasoning();
    if (reasoning == null) {
      return null;
    }
    Form form = form(request.model());
    boolean manual =
        form == Form.MANUAL
            || (form == Form.ADAPTIVE_OR_MANUAL && reasoning.budgetTokens() != null);
    Integer explicit = request.maxTokens();
    if (!manual) {
      int maxTokens = explicit != null ? explicit : defaultMaxTokens;
      return new Plan(maxTokens, null, reasoning.effortOrEquivalent(), reasoning.includeThoughts());
    }
    int budget = Math.max(MIN_BUDGET, reasoning.budgetOrEquivalent());
    if (explicit == null) {
      int maxTokens = budget < defaultMaxTokens ? defaultMaxTokens : budget + defaultMaxTokens;
      return new Plan(maxTokens, budget, null, reasoning.includeThoughts());
    }
    if (budget >= explicit && reasoning.budgetTokens() == null) {
      budget = explicit - 1; // an effort's budget shrinks to leave room for the answer
    }
    if (budget < MIN_BUDGET || budget >= explicit) {
      throw new InvalidRequestException(
          "maxTokens",
          "Claude's extended thinking needs a budget of at least "
              + MIN_BUDGET
              + " tokens below max_tokens, but maxTokens is "
              + explicit);
    }
    return new Plan(explicit, budget, null, reasoning.includeThoughts());
  }

  /** The thinking form a model takes (see the class comment). */
  static Form form(String model) {
    int[] version = version(model);
    if (version == null) {
      return Form.ADAPTIVE;
    }
    int v = version[0] * 100 + version[1];
    if (v >= 407) {
      return Form.ADAPTIVE;
    }
    return v >= 406 ? Form.ADAPTIVE_OR_MANUAL : Form.MANUAL;
  }

  /** Whether a model thinks at all: Claude 3.7 and later, and ids without a version. */
  static boolean reasons(String model) {
    int[] version = version(model);
    return version == null || version[0] * 100 + version[1] >= 307;
  }

  /**
   * The {@code [major, minor]} version in a Claude model id, or {@code null} for an id without one.
   * Numbers of one or two digits count; an 8-digit date and Bedrock's {@code -v1:0} suffix do not.
   */
  static int @Nullable [] version(String model) {
    String id = model.toLowerCase(Locale.ROOT);
    int at = id.indexOf("claude-");
    if (at < 0) {
      return null;
    }
    String[] tokens = id.substring(at + "claude-".length()).split("[-.]");
    for (int i = 0; i < tokens.length; i++) {
      if (isVersionNumber(tokens[i])) {
        int major = Integer.parseInt(tokens[i]);
        int minor =
            i + 1 < tokens.length && isVersionNumber(tokens[i + 1])
                ? Integer.parseInt(tokens[i + 1])
                : 0;
        return new int[] {major, minor};
      }
    }
    return null;
  }

  private static boolean isVersionNumber(String token) {
    if (token.isEmpty() || token.length() > 2) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String wireEffort(ReasoningEffort effort) {
    return (effort == ReasoningEffort.MINIMAL ? ReasoningEffort.LOW : effort).wireName();
  }
}
