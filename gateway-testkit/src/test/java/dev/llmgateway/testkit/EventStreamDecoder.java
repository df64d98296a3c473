package dev.llmgateway.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict decoder of AWS event-stream messages, written from the format, for checking frames. */
final class EventStreamDecoder {
  /** One decoded message. */
  record Message(Map<String, String> headers, byte[] payload) {
    String header(String name) {
      return headers.get(name);
    }

    String payloadText() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private EventStreamDecoder() {}

  /** Decodes every message in {@code bytes}, checking both CRCs; fails on trailing bytes. */
  static List<Message> decodeAll(byte[] bytes) {
    List<Message> messages = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (in.hasRemaining()) {
      int start = in.position();
      if (in.remaining() < 16) {
        throw new IllegalArgumentException("truncated message at byte " + start);
      }
      int total = in.getInt();
      int headersLength = in.getInt();
      long preludeCrc = Integer.toUnsignedLong(in.getInt());
      if (EventStreamEncoder.crc32(bytes, start, 8) != preludeCrc) {
        throw new IllegalArgumentException("bad prelude CRC at byte " + start);
      }
      if (total > bytes.length - start) {
        throw new IllegalArgumentException("message at byte " + start + " is cut short");
      }
      long messageCrc =
          Integer.toUnsignedLong(ByteBuffer.wrap(bytes, start + total - 4, 4).getInt());
      if (EventStreamEncoder.crc32(bytes, start, total - 4) != messageCrc) {
        throw new IllegalArgumentException("bad message CRC at byte " + start);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      int headersEnd = in.position() + headersLength;
      while (in.position() < headersEnd) {
        byte[] name = new byte[in.get() & 0xFF];
        in.get(name);
        byte type = in.get();
        if (type != 7) {
          throw new IllegalArgumentException("unexpected header type " + type);
        }
        byte[] value = new byte[in.getShort() & 0xFFFF];
        in.get(value);
        headers.put(
            new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
      }
      byte[] payload = new byte[total - 12 - headersLength - 4];
      in.get(payload);
      in.getInt();
      messages.add(new Message(headers, payload));
    }
    return messages;
  }
}
