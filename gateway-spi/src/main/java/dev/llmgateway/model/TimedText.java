package dev.llmgateway.model;

import java.time.Duration;

/**
 * A piece of a transcript with its place in the audio: a segment or a word.
 *
 * @param start where it starts, from the beginning of the audio
 * @param end where it ends
 * @param text what was said
 */
public record TimedText(Duration start, Duration end, String text) {

  /**
   * Validates the piece.
   *
   * @param start where it starts, from the beginning of the audio
   * @param end where it ends
   * @param text what was said
   * @throws IllegalArgumentException if a component is null, {@code start} is negative or {@code
   *     end} before {@code start}
   */
  public TimedText {
    if (start == null || end == null || text == null) {
      throw new IllegalArgumentException("start, end and text must not be null");
    }
    if (start.isNegative() || end.compareTo(start) < 0) {
      throw new IllegalArgumentException(
          "a piece must not start before 0 nor end before it starts: " + start + " to " + end);
    }
  }

  /**
   * A piece timed in seconds, as providers report them (rounded to the nanosecond).
   *
   * @param startSeconds where it starts
   * @param endSeconds where it ends
   * @param text what was said
   * @return the piece
   * @throws IllegalArgumentException if the times are negative, not finite or out of order
   */
  public static TimedText ofSeconds(double startSeconds, double endSeconds, String text) {
    return new TimedText(seconds(startSeconds), seconds(endSeconds), text);
  }

  /**
   * Seconds as a duration, rounded to the nanosecond.
   *
   * @param seconds the seconds, finite and not negative
   * @return the duration
   * @throws IllegalArgumentException if {@code seconds} is negative or not finite
   */
  public static Duration seconds(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new IllegalArgumentException("seconds must be finite and >= 0, was " + seconds);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
