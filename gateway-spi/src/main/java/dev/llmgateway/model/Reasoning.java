package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * The reasoning settings of a chat call: an {@linkplain ReasoningEffort effort} or a thinking token
 * budget (exactly one of them), and whether the caller wants the model's thinking text back.
 *
 * <pre>{@code
 * ChatRequest.builder().model("o4-mini").user("Prove it.").reasoning(ReasoningEffort.HIGH);
 * ChatRequest.builder().model("claude-sonnet-4-5").user("Prove it.")
 *     .reasoning(Reasoning.budget(8_000).withThoughts());
 * }</pre>
 *
 * <p>Providers take one form or the other; each converts with the same table, so that one request
 * means the same on every target of an alias:
 *
 * <table>
 *   <caption>Effort and budget</caption>
 *   <tr><th>effort</th><th>budget it becomes</th><th>budgets that become it</th></tr>
 *   <tr><td>MINIMAL</td><td>{@value #MINIMAL_BUDGET}</td><td>none (budgets map to LOW at least)</td></tr>
 *   <tr><td>LOW</td><td>{@value #LOW_BUDGET}</td><td>up to {@value #LOW_BUDGET}</td></tr>
 *   <tr><td>MEDIUM</td><td>{@value #MEDIUM_BUDGET}</td><td>up to {@value #MEDIUM_BUDGET}</td></tr>
 *   <tr><td>HIGH</td><td>{@value #HIGH_BUDGET}</td><td>above {@value #MEDIUM_BUDGET}</td></tr>
 * </table>
 *
 * <p>Thinking tokens are output tokens: a budget must be below the request's {@code maxTokens}
 * (checked by {@link ChatRequest}), and providers that need room for the answer lower an effort's
 * budget to fit below it.
 *
 * @param effort the effort, or {@code null} when a budget is given
 * @param budgetTokens the most tokens to spend thinking, at least 1, or {@code null} when an effort
 *     is given
 * @param includeThoughts whether to ask for the thinking text (a summary on most providers); it
 *     arrives in {@link ChatResponse#reasoning()}, never in {@link ChatResponse#text()}
 */
public record Reasoning(
    @Nullable ReasoningEffort effort, @Nullable Integer budgetTokens, boolean includeThoughts) {

  /** The budget {@link ReasoningEffort#MINIMAL} stands for: {@value} (Anthropic's minimum). */
  public static final int MINIMAL_BUDGET = 1_024;

  /** The budget {@link ReasoningEffort#LOW} stands for: {@value}. */
  public static final int LOW_BUDGET = 4_096;

  /** The budget {@link ReasoningEffort#MEDIUM} stands for: {@value}. */
  public static final int MEDIUM_BUDGET = 16_384;

  /** The budget {@link ReasoningEffort#HIGH} stands for: {@value}. */
  public static final int HIGH_BUDGET = 32_768;

  /**
   * Validates the settings.
   *
   * @param effort the effort, or {@code null} when a budget is given
   * @param budgetTokens the most tokens to spend thinking, or {@code null} when an effort is given
   * @param includeThoughts whether to ask for the thinking text
   * @throws InvalidRequestException naming {@code reasoning} if neither or both forms are given, or
   *     {@code reasoning.budgetTokens} if the budget is below 1
   */
  public Reasoning {
    if ((effort == null) == (budgetTokens == null)) {
      throw new InvalidRequestException(
          "reasoning", "give either an effort or a budget of tokens, not " + describe(effort));
    }
    if (budgetTokens != null && budgetTokens < 1) {
      throw new InvalidRequestException(
          "reasoning.budgetTokens", "must be at least 1, was " + budgetTokens);
    }
  }

  private static String describe(@Nullable ReasoningEffort effort) {
    return effort == null ? "neither" : "both";
  }

  /**
   * Reasoning at an effort, without the thinking text.
   *
   * @param effort the effort
   * @return the settings
   * @throws InvalidRequestException if {@code effort} is null
   */
  public static Reasoning effort(ReasoningEffort effort) {
    return new Reasoning(Checks.notNull(effort, "reasoning.effort"), null, false);
  }

  /**
   * Reasoning within a budget of thinking tokens, without the thinking text.
   *
   * @param tokens the most tokens to spend thinking, at least 1
   * @return the settings
   * @throws InvalidRequestException if {@code tokens} is below 1
   */
  public static Reasoning budget(int tokens) {
    return new Reasoning(null, tokens, false);
  }

  /**
   * A copy that asks for the thinking text.
   *
   * @return the copy
   */
  public Reasoning withThoughts() {
    return new Reasoning(effort, budgetTokens, true);
  }

  /**
   * The effort, or the effort a budget stands for (see the class table). Never {@link
   * ReasoningEffort#MINIMAL} for a budget, since not every provider accepts it.
   *
   * @return the effort to send to providers that take an effort
   */
  public ReasoningEffort effortOrEquivalent() {
    if (effort != null) {
      return effort;
    }
    int budget = budgetTokens == null ? MEDIUM_BUDGET : budgetTokens;
    if (budget <= LOW_BUDGET) {
      return ReasoningEffort.LOW;
    }
    return budget <= MEDIUM_BUDGET ? ReasoningEffort.MEDIUM : ReasoningEffort.HIGH;
  }

  /**
   * The budget, or the budget an effort stands for (see the class table).
   *
   * @return the thinking tokens to send to providers that take a budget
   */
  public int budgetOrEquivalent() {
    if (budgetTokens != null) {
      return budgetTokens;
    }
    return switch (effort == null ? ReasoningEffort.MEDIUM : effort) {
      case MINIMAL -> MINIMAL_BUDGET;
      case LOW -> LOW_BUDGET;
      case MEDIUM -> MEDIUM_BUDGET;
      case HIGH -> HIGH_BUDGET;
    };
  }
}
