package dev.llmgateway.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads an audio file's duration from its header, for the formats that state it there: WAV ({@code
 * fmt } byte rate and {@code data} size) and FLAC ({@code STREAMINFO} sample rate and total
 * samples). Other formats (MP3, AAC, Ogg, WebM) need the whole stream decoded and give empty.
 */
final class AudioHeaders {
  private AudioHeaders() {}

  static Optional<Duration> duration(byte[] audio) {
    if (startsWith(audio, "RIFF") && audio.length >= 12 && ascii(audio, 8, "WAVE")) {
      return wav(audio);
    }
    if (startsWith(audio, "fLaC")) {
      return flac(audio);
    }
    return Optional.empty();
  }

  private static Optional<Duration> wav(byte[] audio) {
    long byteRate = 0;
    int at = 12;
    while (at + 8 <= audio.length) {
      long size = le32(audio, at + 4);
      int body = at + 8;
      if (ascii(audio, at, "fmt ") && body + 12 <= audio.length) {
        byteRate = le32(audio, body + 8);
      } else if (ascii(audio, at, "data")) {
        if (byteRate <= 0) {
          return Optional.empty();
        }
        // A streamed WAV may state 0 or 0xFFFFFFFF: count what is there instead.
        long present = audio.length - (long) body;
        long bytes = size == 0 || size > present ? present : size;
        return Optional.of(Duration.ofNanos(Math.round(bytes * 1e9 / byteRate)));
      }
      long next = body + size + (size & 1);
      if (next > audio.length) {
        return Optional.empty();
      }
      at = (int) next;
    }
    return Optional.empty();
  }

  private static Optional<Duration> flac(byte[] audio) {
    // The first metadata block is STREAMINFO (type 0) with 34 bytes of data from offset 8.
    if (audio.length < 8 + 18 || (audio[4] & 0x7F) != 0) {
      return Optional.empty();
    }
    int d = 8;
    int sampleRate =
        ((audio[d + 10] & 0xFF) << 12)
            | ((audio[d + 11] & 0xFF) << 4)
            | ((audio[d + 12] & 0xF0) >> 4);
    long samples =
        ((long) (audio[d + 13] & 0x0F) << 32)
            | ((long) (audio[d + 14] & 0xFF) << 24)
            | ((audio[d + 15] & 0xFF) << 16)
            | ((audio[d + 16] & 0xFF) << 8)
            | (audio[d + 17] & 0xFF);
    if (sampleRate == 0 || samples == 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.round(samples * 1e9 / sampleRate)));
  }

  private static boolean startsWith(byte[] audio, String magic) {
    return audio.length >= magic.length() && ascii(audio, 0, magic);
  }

  private static boolean ascii(byte[] bytes, int at, String text) {
    if (at + text.length() > bytes.length) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (bytes[at + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xFFL)
        | (b[at + 1] & 0xFFL) << 8
        | (b[at + 2] & 0xFFL) << 16
        | (b[at + 3] & 0xFFL) << 24;
  }
}
