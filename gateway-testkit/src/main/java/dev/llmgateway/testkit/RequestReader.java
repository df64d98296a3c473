package dev.llmgateway.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads HTTP/1.1 requests off one connection for {@link LeanOpenAiServer}: the header block, then
 * the body by {@code Content-Length} or chunked transfer coding, kept only until the next request.
 * Parses nothing else. Not thread-safe: one per connection thread.
 */
final class RequestReader {
  private static final int MAX_HEAD = 64 * 1024;

  private final InputStream in;
  private byte[] buf = new byte[16 * 1024];
  private int start;
  private int end;

  private byte[] body = buf;
  private int bodyFrom;
  private int bodyLength;
  private boolean closeAfter;
  private byte[] chunked = new byte[0];

  RequestReader(InputStream in) {
    this.in = in;
  }

  /**
   * Reads the next request.
   *
   * @return the body length, or -1 when the client closed the connection between requests
   * @throws IOException if reading fails or the request is malformed
   */
  int next() throws IOException {
    int headEnd;
    int scanned = 0; // Bytes after start known to hold no blank line; fill() may move start.
    while ((headEnd = indexOfBlankLine(start + scanned)) < 0) {
      scanned = Math.max(0, end - start - 3);
      if (end - start > MAX_HEAD) {
        throw new IOException("request head over " + MAX_HEAD + " bytes");
      }
      if (!fill()) {
        if (end == start) {
          return -1;
        }
        throw new IOException("connection closed inside a request head");
      }
    }
    long contentLength = -1;
    boolean isChunked = false;
    closeAfter = false;
    int line = lineEnd(start) + 2; // Skip the request line.
    while (line < headEnd) {
      int eol = lineEnd(line);
      if (headerIs(line, eol, "content-length")) {
        contentLength = parseLong(valueFrom(line, eol), eol);
      } else if (headerIs(line, eol, "transfer-encoding")) {
        isChunked = valueContains(line, eol, "chunked");
      } else if (headerIs(line, eol, "connection")) {
        closeAfter = valueContains(line, eol, "close");
      }
      line = eol + 2;
    }
    start = headEnd + 4;
    if (isChunked) {
      readChunked();
    } else {
      int n = (int) Math.max(0, contentLength);
      require(n);
      body = buf;
      bodyFrom = start;
      bodyLength = n;
      start += n;
    }
    return bodyLength;
  }

  /** Whether the connection asked to be closed after this answer. */
  boolean closeAfter() {
    return closeAfter;
  }

  /** Whether the last request's body contains the bytes. */
  boolean bodyContains(byte[] needle) {
    int last = bodyFrom + bodyLength - needle.length;
    outer:
    for (int i = bodyFrom; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private void readChunked() throws IOException {
    int length = 0;
    while (true) {
      int eol;
      while ((eol = indexOfCrlf(start)) < 0) {
        if (!fill()) {
          throw new IOException("connection closed inside a chunk size");
        }
      }
      int size = 0;
      for (int i = start; i < eol; i++) {
        int d = Character.digit(buf[i], 16);
        if (d < 0) {
          break; // Chunk extensions follow.
        }
        size = size * 16 + d;
      }
      start = eol + 2;
      if (size == 0) {
        // Trailers (none expected) end with a blank line.
        while ((eol = indexOfCrlf(start)) < 0) {
          if (!fill()) {
            throw new IOException("connection closed inside the last chunk");
          }
        }
        start = eol + 2;
        break;
      }
      require(size + 2);
      if (chunked.length < length + size) {
        chunked = Arrays.copyOf(chunked, Math.max(2 * chunked.length, length + size));
      }
      System.arraycopy(buf, start, chunked, length, size);
      length += size;
      start += size + 2;
    }
    body = chunked;
    bodyFrom = 0;
    bodyLength = length;
  }

  /** Makes at least {@code n} unread bytes available from {@code start}. */
  private void require(int n) throws IOException {
    while (end - start < n) {
      if (!fill()) {
        throw new IOException("connection closed inside a request body");
      }
    }
  }

  /** Reads more bytes, compacting or growing the buffer; false at end of stream. */
  private boolean fill() throws IOException {
    if (end == buf.length) {
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      } else {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      return false;
    }
    end += n;
    return true;
  }

  private int indexOfBlankLine(int from) {
    for (int i = from; i + 3 < end; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private int indexOfCrlf(int from) {
    for (int i = from; i + 1 < end; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private int lineEnd(int from) {
    int i = indexOfCrlf(from);
    return i < 0 ? end : i;
  }

  private boolean headerIs(int from, int eol, String name) {
    int n = name.length();
    if (from + n >= eol || buf[from + n] != ':') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (Character.toLowerCase((char) buf[from + i]) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int valueFrom(int from, int eol) {
    int i = from;
    while (i < eol && buf[i] != ':') {
      i++;
    }
    i++;
    while (i < eol && buf[i] == ' ') {
      i++;
    }
    return i;
  }

  private boolean valueContains(int from, int eol, String word) {
    int v = valueFrom(from, eol);
    int n = word.length();
    outer:
    for (int i = v; i + n <= eol; i++) {
      for (int j = 0; j < n; j++) {
        if (Character.toLowerCase((char) buf[i + j]) != word.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private long parseLong(int from, int eol) throws IOException {
    long v = 0;
    int i = from;
    for (; i < eol && buf[i] >= '0' && buf[i] <= '9'; i++) {
      v = v * 10 + (buf[i] - '0');
    }
    if (i == from) {
      throw new IOException("bad Content-Length");
    }
    return v;
  }
}
