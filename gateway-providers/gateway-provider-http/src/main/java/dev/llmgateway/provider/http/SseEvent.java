package dev.llmgateway.provider.http;

import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event, as {@link SseReader} dispatches it.
 *
 * @param event the event type ({@code event:} field), {@code message} when the event named none
 * @param data the data: the {@code data:} lines joined with {@code \n}, possibly empty
 * @param id the last event id seen so far in the stream ({@code id:} field), or {@code null}
 */
public record SseEvent(String event, String data, @Nullable String id) {
  /** The event type of events without an {@code event:} field. */
  public static final String DEFAULT_EVENT = "message";

  /**
   * Validates the event.
   *
   * @param event the event type ({@code event:} field), {@code message} when the event named none
   * @param data the data: the {@code data:} lines joined with {@code \n}, possibly empty
   * @param id the last event id seen so far in the stream ({@code id:} field), or {@code null}
   * @throws IllegalArgumentException if the type or data is null
   */
  public SseEvent {
    if (event == null || data == null) {
      throw new IllegalArgumentException("event and data must not be null");
    }
  }

  /** Returns the type and the data size, not the data: it may hold prompt or answer text. */
  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", id=" + id + ", " + data.length() + " data chars]";
  }
}
