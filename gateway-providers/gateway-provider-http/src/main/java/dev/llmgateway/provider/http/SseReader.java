package dev.llmgateway.provider.http;

import java.io.IOException;
import okio.BufferedSource;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads Server-Sent Events from a byte stream, blocking the calling thread, as the <a
 * href="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation">
 * event stream interpretation</a> of the HTML standard describes it.
 *
 * <pre>{@code
 * SseReader reader = new SseReader(response.body().source());
 * for (SseEvent event; (event = reader.next()) != null; ) {
 *   handle(event.event(), event.data());
 * }
 * }</pre>
 *
 * <p>Handles {@code data:} lines (several are joined with {@code \n}), {@code event:}, {@code id:},
 * comment lines starting with {@code :} (keep-alive pings, skipped), CRLF, CR and LF line endings,
 * a leading byte order mark and reads split anywhere across network packets. An event is dispatched
 * as soon as its terminating blank line is read, never later. Unlike a browser, the reader also
 * dispatches an event still pending when the stream ends without its blank line; the caller decides
 * whether such an end is a truncation. Events without any {@code data:} line are not dispatched.
 *
 * <p>Not thread-safe: one reader per stream, used by the thread that pulls events.
 */
public final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final ByteString BOM = ByteString.decodeHex("efbbbf");

  private final BufferedSource source;
  private final StringBuilder data = new StringBuilder();

  /** The pending event's only data line so far, or null (none, or several: then in data). */
  private @Nullable String firstData;

  private @Nullable String eventType;
  private @Nullable String lastEventId;
  private boolean hasData;
  private boolean started;
  private boolean skipLineFeed;
  private boolean exhausted;

  /**
   * Creates a reader over a source; the reader does not close it.
   *
   * @param source the event stream's bytes, UTF-8
   */
  public SseReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * Reads the next event, blocking until its terminating blank line (or the end of the stream).
   *
   * @return the event, or {@code null} once the stream has ended and no event is pending
   * @throws IOException if reading fails
   */
  public @Nullable SseEvent next() throws IOException {
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    while (!exhausted) {
      String line = readLine();
      if (line == null) {
        exhausted = true;
        // The stream ended without a blank line after the last event: dispatch what is pending.
        return dispatch();
      }
      if (line.isEmpty()) {
        SseEvent event = dispatch();
        if (event != null) {
          return event;
        }
      } else {
        processLine(line);
      }
    }
    return null;
  }

  private void skipByteOrderMark() throws IOException {
    if (source.request(1)
        && source.getBuffer().getByte(0) == BOM.getByte(0)
        && source.request(BOM.size())
        && source.rangeEquals(0, BOM)) {
      source.skip(BOM.size());
    }
  }

  /** Reads a line without its terminator, or returns null at the end of the stream. */
  private @Nullable String readLine() throws IOException {
    if (skipLineFeed) {
      // The previous line ended with CR; a LF right after it belongs to the same terminator.
      // Checked lazily so that a CR-terminated event is dispatched without waiting for more bytes.
      skipLineFeed = false;
      if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
        source.skip(1);
      }
    }
    long end = source.indexOfElement(LINE_ENDS);
    if (end == -1) {
      // indexOfElement read to the end of the stream; what is left is an unterminated last line.
      return source.exhausted() ? null : source.readUtf8();
    }
    String line = source.readUtf8(end);
    if (source.readByte() == '\r') {
      skipLineFeed = true;
    }
    return line;
  }

  private void processLine(String line) {
    if (line.charAt(0) == ':') {
      return; // a comment, typically a keep-alive ping
    }
    int colon = line.indexOf(':');
    String field;
    String value;
    if (colon < 0) {
      field = line;
      value = "";
    } else {
      field = fieldName(line, colon);
      int valueStart = colon + 1;
      if (valueStart < line.length() && line.charAt(valueStart) == ' ') {
        valueStart++;
      }
      value = line.substring(valueStart);
    }
    switch (field) {
      case "data" -> {
        if (!hasData) {
          // The usual event has one data line: keep it as is, copied into the buffer only if a
          // second one follows.
          firstData = value;
          hasData = true;
        } else {
          if (firstData != null) {
            data.append(firstData).append('\n');
            firstData = null;
          }
          data.append(value).append('\n');
        }
      }
      case "event" -> eventType = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      default -> {
        // "retry" and unknown fields are ignored: reconnection is the gateway's business.
      }
    }
  }

  /** The field name before the colon: the known ones without a copy of the line's start. */
  private static String fieldName(String line, int colon) {
    if (colon == 4 && line.startsWith("data")) {
      return "data";
    }
    if (colon == 5 && line.startsWith("event")) {
      return "event";
    }
    if (colon == 2 && line.startsWith("id")) {
      return "id";
    }
    return line.substring(0, colon);
  }

  private @Nullable SseEvent dispatch() {
    if (!hasData) {
      eventType = null;
      return null;
    }
    String payload;
    if (firstData != null) {
      payload = firstData;
      firstData = null;
    } else {
      payload = data.substring(0, data.length() - 1);
      data.setLength(0);
    }
    hasData = false;
    String type = eventType == null || eventType.isEmpty() ? SseEvent.DEFAULT_EVENT : eventType;
    eventType = null;
    return new SseEvent(type, payload, lastEventId);
  }
}
