package dev.llmgateway.model;

import org.jspecify.annotations.Nullable;

/**
 * Whether and which tool the model must call.
 *
 * @param mode the mode
 * @param toolName the tool to call when {@code mode} is {@link Mode#NAMED}, else {@code null}
 */
public record ToolChoice(Mode mode, @Nullable String toolName) {
  /** The model decides. */
  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);

  /** The model must not call a tool. */
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);

  /** The model must call some tool. */
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  /** The tool choice modes. */
  public enum Mode {
    /** The model decides. */
    AUTO,
    /** No tool. */
    NONE,
    /** Any tool, but one must be called. */
    REQUIRED,
    /** The tool named by {@link ToolChoice#toolName()}. */
    NAMED
  }

  /**
   * Validates the choice.
   *
   * @param mode the mode
   * @param toolName the tool to call when {@code mode} is {@link Mode#NAMED}, else {@code null}
   * @throws dev.llmgateway.error.InvalidRequestException if a name is missing for {@code NAMED} or
   *     given for another mode
   */
  public ToolChoice {
    Checks.notNull(mode, "toolChoice.mode");
    if (mode == Mode.NAMED) {
      Checks.notBlank(toolName, "toolChoice.toolName");
    } else if (toolName != null) {
      throw new dev.llmgateway.error.InvalidRequestException(
          "toolChoice.toolName", "only allowed with mode NAMED, mode was " + mode);
    }
  }

  /**
   * The model must call the named tool.
   *
   * @param toolName the tool's name
   * @return the choice
   * @throws dev.llmgateway.error.InvalidRequestException if the name is blank
   */
  public static ToolChoice named(String toolName) {
    return new ToolChoice(Mode.NAMED, toolName);
  }
}
