package dev.llmgateway.config;

/**
 * One problem of a configuration: where it is and what is wrong.
 *
 * <pre>{@code
 * aliases.fast.targets[1].weight: must be at least 1, was 0
 * }</pre>
 *
 * <p>Messages never show a secret value, nor a value that looks like a key.
 *
 * @param path where the problem is, such as {@code aliases.fast.targets[1].weight}: keys joined
 *     with dots, list positions in brackets from 0, keys that are not plain words quoted as {@code
 *     ["x.y"]}; empty for the file as a whole
 * @param message what is wrong, naming the value given
 */
public record ConfigProblem(String path, String message) {

  /**
   * Validates the problem.
   *
   * @param path where the problem is; empty for the file as a whole
   * @param message what is wrong
   * @throws IllegalArgumentException if a part is null or the message is blank
   */
  public ConfigProblem {
    if (path == null || message == null || message.isBlank()) {
      throw new IllegalArgumentException("A configuration problem needs a path and a message");
    }
  }

  /** Returns {@code path: message}, or the message alone for the file as a whole. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
