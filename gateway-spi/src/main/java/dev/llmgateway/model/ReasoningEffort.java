package dev.llmgateway.model;

import java.util.Locale;

/**
 * How hard a reasoning model should think before it answers, normalized across providers. Each
 * provider maps it to its own control: OpenAI's {@code reasoning_effort} / Responses {@code
 * reasoning.effort}, Anthropic's adaptive thinking effort or a thinking budget, Bedrock's Claude
 * thinking, the Gemini profile's {@code reasoning_effort}. {@link Reasoning} documents the mapping
 * to token budgets for providers that take a budget.
 */
public enum ReasoningEffort {
  /** As little reasoning as the provider allows (OpenAI {@code minimal}). */
  MINIMAL,
  /** Little reasoning: fast and cheap. */
  LOW,
  /** The balanced default of most reasoning models. */
  MEDIUM,
  /** Deep reasoning for hard problems. */
  HIGH;

  /**
   * The lower-case name providers use on the wire, such as {@code "low"}.
   *
   * @return the wire name
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
