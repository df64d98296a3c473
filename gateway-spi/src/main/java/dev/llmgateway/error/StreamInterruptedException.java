package dev.llmgateway.error;

import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import java.util.List;
import java.util.Optional;

/**
 * A stream failed after its first content chunk had reached the caller, so it could not fall back
 * to another target. Thrown from the stream's iterator (and {@code ChatStream.response()}); it
 * carries what was received so far and the provider's failure as its cause.
 *
 * <pre>{@code
 * try (ChatStream stream = gateway.stream(request)) {
 *   stream.forEach(chunk -> out.print(chunk.text()));
 * } catch (StreamInterruptedException e) {
 *   log.warn("answer cut after {} chars: {}", e.partialText().length(), e.errorKind().get());
 * }
 * }</pre>
 */
public class StreamInterruptedException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The text received before the failure. */
  private final String partialText;

  private final transient Usage usage;
  private final transient TargetRef target;
  private final transient List<Attempt> attempts;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the target
   * @param partialText the text received before the failure
   * @param usage the usage reported before the failure, or {@link Usage#NOT_REPORTED}
   * @param target the target that was streaming
   * @param attempts every attempt of the call, the failed stream last
   * @param cause the provider's failure
   */
  public StreamInterruptedException(
      String message,
      String partialText,
      Usage usage,
      TargetRef target,
      List<Attempt> attempts,
      ProviderException cause) {
    super(message, cause);
    this.partialText = partialText;
    this.usage = usage;
    this.target = target;
    this.attempts = List.copyOf(attempts);
  }

  /**
   * The text received before the failure.
   *
   * @return the partial text, possibly empty
   */
  public String partialText() {
    return partialText;
  }

  /**
   * The usage the provider reported before the failure.
   *
   * @return the usage, or {@link Usage#NOT_REPORTED} if none was reported
   */
  public Usage usage() {
    return usage;
  }

  /**
   * The target that was streaming.
   *
   * @return the target
   */
  public TargetRef target() {
    return target;
  }

  /**
   * Every attempt of the call, the interrupted stream last.
   *
   * @return the attempts
   */
  public List<Attempt> attempts() {
    return attempts;
  }

  /**
   * The provider's failure that cut the stream (the cause).
   *
   * @return the cause
   */
  @Override
  public Optional<ProviderException> providerFailure() {
    return Optional.of(getCause());
  }

  /**
   * The provider's failure.
   *
   * @return the cause
   */
  @Override
  public synchronized ProviderException getCause() {
    return (ProviderException) super.getCause();
  }
}
