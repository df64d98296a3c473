package dev.llmgateway.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes messages of the AWS event-stream binary format ({@code
 * application/vnd.amazon.eventstream}), which Bedrock's {@code ConverseStream} answers with.
 *
 * <p>A message is, all integers big-endian: a 12-byte prelude (total length u32, headers length
 * u32, CRC32 of those 8 bytes u32), the headers, the payload, and a CRC32 of everything before it
 * (u32). Each header is its name length (u8), the name in UTF-8, the value type (u8; only type 7,
 * string, is written here), the value length (u16) and the value in UTF-8.
 */
final class EventStreamEncoder {
  /** Header value type 7: a UTF-8 string with a 2-byte length. */
  static final byte STRING_TYPE = 7;

  static final int PRELUDE_LENGTH = 12;
  static final int CRC_LENGTH = 4;

  private EventStreamEncoder() {}

  /**
   * Encodes one message with string headers, in the map's iteration order.
   *
   * @throws IllegalArgumentException if a header name is longer than 255 bytes or a value longer
   *     than 65535 bytes
   */
  static byte[] encode(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream headerBytes = new ByteArrayOutputStream(128);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || name.length > 255) {
        throw new IllegalArgumentException(
            "header name must be 1 to 255 bytes but was " + name.length);
      }
      if (value.length > 0xFFFF) {
        throw new IllegalArgumentException(
            "header value must be at most 65535 bytes but was " + value.length);
      }
      headerBytes.write(name.length);
      headerBytes.writeBytes(name);
      headerBytes.write(STRING_TYPE);
      headerBytes.write((value.length >>> 8) & 0xFF);
      headerBytes.write(value.length & 0xFF);
      headerBytes.writeBytes(value);
    }
    int headersLength = headerBytes.size();
    int totalLength = PRELUDE_LENGTH + headersLength + payload.length + CRC_LENGTH;
    ByteBuffer message = ByteBuffer.allocate(totalLength);
    message.putInt(totalLength);
    message.putInt(headersLength);
    message.putInt((int) crc32(message.array(), 0, 8));
    message.put(headerBytes.toByteArray());
    message.put(payload);
    message.putInt((int) crc32(message.array(), 0, totalLength - CRC_LENGTH));
    return message.array();
  }

  static long crc32(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
