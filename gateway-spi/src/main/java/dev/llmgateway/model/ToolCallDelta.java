package dev.llmgateway.model;

import org.jspecify.annotations.Nullable;

/**
 * A fragment of a tool call in a stream. Fragments with the same {@code index} belong to one call:
 * the first usually carries the id and name, later ones append to the arguments. {@link
 * ChatResponseAssembler} joins them.
 *
 * @param index the position of the call this fragment belongs to
 * @param id the call's id, or {@code null} if this fragment does not carry it
 * @param name the tool's name, or {@code null} if this fragment does not carry it
 * @param argumentsDelta the next piece of the arguments JSON text, possibly empty
 */
public record ToolCallDelta(
    int index, @Nullable String id, @Nullable String name, String argumentsDelta) {
  /**
   * Validates the fragment.
   *
   * @param index the position of the call this fragment belongs to
   * @param id the call's id, or {@code null} if this fragment does not carry it
   * @param name the tool's name, or {@code null} if this fragment does not carry it
   * @param argumentsDelta the next piece of the arguments JSON text, possibly empty
   * @throws IllegalArgumentException if the index is negative or the delta null
   */
  public ToolCallDelta {
    if (index < 0 || argumentsDelta == null) {
      throw new IllegalArgumentException(
          "index must be >= 0 and argumentsDelta non-null, index was " + index);
    }
  }
}
