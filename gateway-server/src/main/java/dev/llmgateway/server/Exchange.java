package dev.llmgateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange, with blocking reads and writes over Jetty's request, response and callback.
 * The handler thread may block (the handler is a blocking one); the callback is completed exactly
 * once, by {@link #finish} or {@link #abort}.
 */
final class Exchange {
  final Request request;
  final Response response;
  private final Callback callback;
  private final AtomicBoolean done = new AtomicBoolean();
  private @Nullable OutputStream out;

  /** Whether the request body was read to its end. */
  private boolean bodyRead;

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  String method() {
    return request.getMethod();
  }

  String path() {
    return Request.getPathInContext(request);
  }

  @Nullable String header(String name) {
    return request.getHeaders().get(name);
  }

  @Nullable String query(String name) {
    Fields f = Request.extractQueryParameters(request);
    Fields.Field v = f.get(name);
    return v == null ? null : v.getValue();
  }

  /** The request body, at most {@code max} bytes. */
  byte[] body(long max) throws IOException {
    long declared = request.getLength();
    if (declared > max) {
      throw ApiError.tooLarge(max);
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    try (InputStream in = Request.asInputStream(request)) {
      byte[] chunk = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(chunk)) >= 0) {
        total += n;
        if (total > max) {
          throw ApiError.tooLarge(max);
        }
        buf.write(chunk, 0, n);
      }
    }
    bodyRead = true;
    return buf.toByteArray();
  }

  /** The request body as JSON. */
  JsonNode json(long max) throws IOException {
    byte[] bytes = body(max);
    if (bytes.length == 0) {
      throw ApiError.invalid(null, "The request body is empty; a JSON object is expected");
    }
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiError.invalid(
          null, "The request body is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    }
  }

  void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** Sends a whole answer and completes the exchange. */
  void send(int status, String contentType, byte[] body) throws IOException {
    response.setStatus(status);
    if (!bodyRead && request.getLength() != 0) {
      // Answered before the body was read (a refused key, a body too large): Jetty closes the
      // connection after this answer, so the caller is told not to send another request on it.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response
        .getHeaders()
        .put(new HttpField(HttpHeader.CONTENT_LENGTH, String.valueOf(body.length)));
    OutputStream o = stream();
    o.write(body);
    finish();
  }

  void sendJson(int status, JsonNode body) throws IOException {
    send(status, "application/json", Json.bytes(body));
  }

  void sendText(int status, String contentType, String body) throws IOException {
    send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts an event stream: status 200 and SSE headers; then write through {@link #stream()}. */
  OutputStream startEventStream() {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put("X-Accel-Buffering", "no");
    return stream();
  }

  OutputStream stream() {
    OutputStream o = out;
    if (o == null) {
      o = Content.Sink.asOutputStream(response);
      out = o;
    }
    return o;
  }

  boolean committed() {
    return response.isCommitted() || out != null;
  }

  /** Ends the answer and completes the exchange. */
  void finish() throws IOException {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    try {
      stream().close();
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
      throw e;
    }
  }

  /** Fails the exchange (the connection is closed if the answer has started). */
  void abort(Throwable cause) {
    if (done.compareAndSet(false, true)) {
      callback.failed(cause);
    }
  }

  boolean isDone() {
    return done.get();
  }
}
