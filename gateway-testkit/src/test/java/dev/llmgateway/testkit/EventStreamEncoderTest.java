package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamEncoderTest {

  @Test
  void encodedMessageDecodesToTheSameHeadersAndPayload() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", "contentBlockDelta");
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    byte[] payload = "{\"delta\":{\"text\":\"Grüß\"}}".getBytes(StandardCharsets.UTF_8);

    byte[] message = EventStreamEncoder.encode(headers, payload);

    List<EventStreamDecoder.Message> decoded = EventStreamDecoder.decodeAll(message);
    assertThat(decoded).hasSize(1);
    assertThat(decoded.get(0).headers()).containsExactlyEntriesOf(headers);
    assertThat(decoded.get(0).payload()).isEqualTo(payload);
  }

  @Test
  void preludeStatesTheLengthsAndItsOwnCrc() {
    byte[] message = EventStreamEncoder.encode(Map.of("a", "b"), new byte[] {1, 2, 3});

    ByteBuffer prelude = ByteBuffer.wrap(message);
    int headersLength = 1 + 1 + 1 + 2 + 1;
    assertThat(prelude.getInt()).isEqualTo(message.length).isEqualTo(12 + headersLength + 3 + 4);
    assertThat(prelude.getInt()).isEqualTo(headersLength);
    assertThat(Integer.toUnsignedLong(prelude.getInt()))
        .isEqualTo(EventStreamEncoder.crc32(message, 0, 8));
  }

  @Test
  void emptyPayloadAndNoHeadersMakeTheSixteenByteMinimum() {
    byte[] message = EventStreamEncoder.encode(Map.of(), new byte[0]);

    assertThat(message).hasSize(16);
    assertThat(EventStreamDecoder.decodeAll(message).get(0).headers()).isEmpty();
  }

  @Test
  void decoderRejectsAFlippedPayloadBit() {
    byte[] message = EventStreamEncoder.encode(Map.of("a", "b"), new byte[] {1, 2, 3});
    message[message.length - 5] ^= 1;

    assertThatThrownBy(() -> EventStreamDecoder.decodeAll(message))
        .hasMessageContaining("bad message CRC");
  }

  @Test
  void headerNameLongerThan255BytesIsRejected() {
    assertThatThrownBy(() -> EventStreamEncoder.encode(Map.of("x".repeat(256), "v"), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
  }
}
