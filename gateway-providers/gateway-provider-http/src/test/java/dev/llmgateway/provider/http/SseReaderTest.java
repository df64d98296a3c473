package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseReaderTest {

  /** Delivers the given byte pieces one per read, as separate TCP packets would arrive. */
  static final class PacketSource implements Source {
    private final Deque<byte[]> packets;
    private final boolean failAfterLast;

    PacketSource(List<byte[]> packets, boolean failAfterLast) {
      this.packets = new ArrayDeque<>(packets);
      this.failAfterLast = failAfterLast;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      byte[] next = packets.poll();
      if (next == null) {
        if (failAfterLast) {
          throw new AssertionError("the reader asked for bytes beyond what had arrived");
        }
        return -1;
      }
      int n = (int) Math.min(byteCount, next.length);
      sink.write(next, 0, n);
      if (n < next.length) {
        packets.addFirst(Arrays.copyOfRange(next, n, next.length));
      }
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  private static BufferedSource source(String text) {
    return new Buffer().writeUtf8(text);
  }

  private static List<SseEvent> readAll(BufferedSource source) throws IOException {
    SseReader reader = new SseReader(source);
    List<SseEvent> events = new ArrayList<>();
    for (SseEvent e; (e = reader.next()) != null; ) {
      events.add(e);
    }
    return events;
  }

  private static List<SseEvent> readAll(String text) throws IOException {
    return readAll(source(text));
  }

  private static SseEvent event(String data) {
    return new SseEvent("message", data, null);
  }

  @Test
  void readsOneEvent() throws IOException {
    assertThat(readAll("data: {\"a\":1}\n\n")).containsExactly(event("{\"a\":1}"));
  }

  @Test
  void joinsMultiLineDataWithLineFeeds() throws IOException {
    assertThat(readAll("data: first\ndata: second\ndata:\ndata: fourth\n\n"))
        .containsExactly(event("first\nsecond\n\nfourth"));
  }

  @Test
  void keepsSingleAndMultiLineEventsApartWhenTheyAlternate() throws IOException {
    assertThat(readAll("data: one\n\ndata: a\ndata: b\n\ndata: two\n\ndata:\ndata: c\n\n"))
        .containsExactly(event("one"), event("a\nb"), event("two"), event("\nc"));
  }

  @Test
  void readsEventTypeAndId() throws IOException {
    assertThat(readAll("event: message_start\nid: 7\ndata: {}\n\nevent: ping\ndata: x\n\n"))
        .containsExactly(new SseEvent("message_start", "{}", "7"), new SseEvent("ping", "x", "7"));
  }

  @Test
  void skipsCommentLines() throws IOException {
    assertThat(readAll(": ping\n\n:\ndata: a\n: keep-alive\n\ndata: b\n\n"))
        .containsExactly(event("a"), event("b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void acceptsEveryLineEnding(String eol) throws IOException {
    String text =
        "event: e" + eol + "data: a" + eol + "data: b" + eol + eol + "data: c" + eol + eol;
    assertThat(readAll(text)).containsExactly(new SseEvent("e", "a\nb", null), event("c"));
  }

  @Test
  void acceptsMixedLineEndings() throws IOException {
    assertThat(readAll("data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r"))
        .containsExactly(event("a\nb\nc"), event("d"));
  }

  @Test
  void skipsLeadingByteOrderMark() throws IOException {
    Buffer buffer = new Buffer().write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    buffer.writeUtf8("data: a\n\n");
    assertThat(readAll(buffer)).containsExactly(event("a"));
  }

  @Test
  void dispatchesPendingEventWhenStreamEndsWithoutBlankLine() throws IOException {
    assertThat(readAll("data: a\n\ndata: b\n")).containsExactly(event("a"), event("b"));
  }

  @Test
  void dispatchesUnterminatedLastLine() throws IOException {
    assertThat(readAll("data: a\n\ndata: [DONE]")).containsExactly(event("a"), event("[DONE]"));
  }

  @Test
  void returnsNullForEmptyStreamAndKeepsReturningNull() throws IOException {
    SseReader reader = new SseReader(source(""));
    assertThat(reader.next()).isNull();
    assertThat(reader.next()).isNull();
  }

  @Test
  void ignoresEventsWithoutData() throws IOException {
    assertThat(readAll("event: lonely\n\nid: 3\n\ndata: a\n\n"))
        .containsExactly(new SseEvent("message", "a", "3"));
  }

  @Test
  void stripsOnlyOneLeadingSpaceAndKeepsColonsInValues() throws IOException {
    assertThat(readAll("data:  two spaces\ndata:none: a:b\n\n"))
        .containsExactly(event(" two spaces\nnone: a:b"));
  }

  @Test
  void treatsLineWithoutColonAsFieldWithEmptyValue() throws IOException {
    assertThat(readAll("data\n\n")).containsExactly(event(""));
  }

  @Test
  void ignoresRetryAndUnknownFields() throws IOException {
    assertThat(readAll("retry: 1000\nfoo: bar\ndata: a\n\n")).containsExactly(event("a"));
  }

  @Test
  void ignoresIdContainingNul() throws IOException {
    assertThat(readAll("id: 1\ndata: a\n\nid: x\0y\ndata: b\n\n"))
        .containsExactly(new SseEvent("message", "a", "1"), new SseEvent("message", "b", "1"));
  }

  @Test
  void decodesMultiByteCharactersSplitAcrossPackets() throws IOException {
    byte[] bytes = "data: héllo ✓ 😀\n\n".getBytes(StandardCharsets.UTF_8);
    for (int i = 1; i < bytes.length; i++) {
      List<byte[]> packets =
          List.of(Arrays.copyOfRange(bytes, 0, i), Arrays.copyOfRange(bytes, i, bytes.length));
      assertThat(readAll(Okio.buffer(new PacketSource(packets, false))))
          .as("split at %d", i)
          .containsExactly(event("héllo ✓ 😀"));
    }
  }

  @Test
  void readsTheSameEventsWhateverTheSplitPosition() throws IOException {
    byte[] whole =
        ("\uFEFF: hello\r\nevent: delta\r\nid: 1\r\ndata: {\"text\":\"a\"}\r\ndata: more\r\n\r\n"
                + "data: b\n\n:ping\r\rdata: c\r\revent: end\ndata: [DONE]")
            .getBytes(StandardCharsets.UTF_8);
    List<SseEvent> expected = readAll(new Buffer().write(whole));
    assertThat(expected)
        .containsExactly(
            new SseEvent("delta", "{\"text\":\"a\"}\nmore", "1"),
            new SseEvent("message", "b", "1"),
            new SseEvent("message", "c", "1"),
            new SseEvent("end", "[DONE]", "1"));
    for (int i = 1; i < whole.length; i++) {
      for (int j = i; j < whole.length; j++) {
        List<byte[]> packets =
            List.of(
                Arrays.copyOfRange(whole, 0, i),
                Arrays.copyOfRange(whole, i, j),
                Arrays.copyOfRange(whole, j, whole.length));
        assertThat(readAll(Okio.buffer(new PacketSource(packets, false))))
            .as("split at %d and %d", i, j)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void readsByteByByte() throws IOException {
    byte[] whole = "data: a\r\n\r\ndata: b\r\rdata: c\n\n".getBytes(StandardCharsets.UTF_8);
    List<byte[]> packets = new ArrayList<>();
    for (byte b : whole) {
      packets.add(new byte[] {b});
    }
    assertThat(readAll(Okio.buffer(new PacketSource(packets, false))))
        .containsExactly(event("a"), event("b"), event("c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void dispatchesEventBeforeMoreBytesArrive(String eol) throws IOException {
    byte[] first = ("data: a" + eol + eol).getBytes(StandardCharsets.UTF_8);
    // The source fails if asked for more: the event must be returned from what already arrived.
    SseReader reader = new SseReader(Okio.buffer(new PacketSource(List.of(first), true)));
    assertThat(reader.next()).isEqualTo(event("a"));
  }

  @Test
  void hidesDataInToString() {
    assertThat(new SseEvent("message", "secret prompt", null).toString())
        .doesNotContain("secret prompt")
        .contains("13 data chars");
  }
}
