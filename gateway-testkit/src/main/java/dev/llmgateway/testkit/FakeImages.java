package dev.llmgateway.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Deterministic placeholder images: a 1x1 PNG whose colour is derived from a text. */
final class FakeImages {
  private FakeImages() {}

  /** A valid 1x1 RGB PNG whose pixel colour is a hash of {@code seed}. */
  static byte[] png(String seed) {
    int hash = seed.hashCode();
    byte[] scanline = {0, (byte) (hash >> 16), (byte) (hash >> 8), (byte) hash};
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    deflater.setInput(scanline);
    deflater.finish();
    byte[] buffer = new byte[64];
    int compressed = deflater.deflate(buffer);
    deflater.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream(80);
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer header = ByteBuffer.allocate(13);
    header.putInt(1).putInt(1).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0);
    header.put((byte) 0);
    chunk(out, "IHDR", header.array());
    byte[] data = new byte[compressed];
    System.arraycopy(buffer, 0, data, 0, compressed);
    chunk(out, "IDAT", data);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
