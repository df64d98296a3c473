package dev.llmgateway.provider.bedrock;

import dev.llmgateway.spi.Redactor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * The Bedrock client's HTTP client: the SDK's Netty client, with what Bedrock (or a proxy) says
 * about a failure scrubbed before the SDK reads it. The SDK quotes failures in DEBUG log lines (an
 * error body it cannot parse, a decoded exception event, a body it could not unmarshal) and keeps
 * them in its exceptions; scrubbing where the bytes enter keeps credentials that a server or proxy
 * echoes back (such as an {@code Authorization} header with the access key id) out of all of that.
 * The redactor knows the provider's configured keys and, per request, the access key id the request
 * was signed with ({@link Redactor}).
 *
 * <ul>
 *   <li>The body of an answer whose status is not 2xx: scrubbed (its first {@value
 *       #MAX_ERROR_BODY_BYTES} bytes are kept).
 *   <li>An event stream ({@value #EVENT_STREAM}): each {@code exception} event's payload and each
 *       {@code error} event's {@code :error-message} header scrubbed, the other events re-encoded
 *       as they came, with the SDK's own event-stream codec.
 *   <li>Any other successful body: passed on as it came, unless it holds something to scrub and is
 *       not valid JSON (so the SDK would fail on it and quote it); a valid answer is never changed.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class ScrubbingHttpClient implements SdkAsyncHttpClient {
  /** The most bytes of an error body that are kept; error bodies are small. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  /** The content type of an AWS event stream. */
  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final SdkAsyncHttpClient delegate;
  private final Redactor redactor;

  ScrubbingHttpClient(SdkAsyncHttpClient delegate, Redactor redactor) {
    this.delegate = delegate;
    this.redactor = redactor;
  }

  @Override
  public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
    Redactor forRequest = redactor.and(accessKeyIdOf(request.request()));
    AsyncExecuteRequest.Builder scrubbing =
        AsyncExecuteRequest.builder()
            .request(request.request())
            .requestContentPublisher(request.requestContentPublisher())
            .responseHandler(new Handler(request.responseHandler(), forRequest))
            .fullDuplex(request.fullDuplex())
            .httpExecutionAttributes(request.httpExecutionAttributes());
    request.metricCollector().ifPresent(scrubbing::metricCollector);
    return delegate.execute(scrubbing.build());
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The access key id of a SigV4 {@code Authorization} header ({@code Credential=ID/...}). */
  static List<String> accessKeyIdOf(SdkHttpRequest request) {
    String authorization = request.firstMatchingHeader("Authorization").orElse("");
    int start = authorization.indexOf("Credential=");
    if (start < 0) {
      return List.of();
    }
    start += "Credential=".length();
    int end = authorization.indexOf('/', start);
    return end > start ? List.of(authorization.substring(start, end)) : List.of();
  }

  /** The body scrubbed. */
  static byte[] scrub(byte[] body, Redactor redactor) {
    String text = new String(body, StandardCharsets.UTF_8);
    return redactor.scrub(text).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The body as it came, unless it holds something to scrub and is not valid JSON: then the SDK
   * would fail to read it and quote it, so it gets the scrubbed body (which it fails on as well).
   */
  static byte[] scrubIfUnreadable(byte[] body, Redactor redactor) {
    String text = new String(body, StandardCharsets.UTF_8);
    String scrubbed = redactor.scrub(text);
    if (scrubbed.equals(text)) {
      return body;
    }
    try {
      JsonNodeParser.create().parse(body);
      return body; // a valid answer is never changed
    } catch (RuntimeException e) {
      return scrubbed.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Passes everything on, with what a failure says scrubbed (see the class comment). */
  private static final class Handler implements SdkAsyncHttpResponseHandler {
    private final SdkAsyncHttpResponseHandler delegate;
    private final Redactor redactor;
    private volatile boolean failed;
    private volatile boolean eventStream;

    Handler(SdkAsyncHttpResponseHandler delegate, Redactor redactor) {
      this.delegate = delegate;
      this.redactor = redactor;
    }

    @Override
    public void onHeaders(SdkHttpResponse response) {
      failed = !response.isSuccessful();
      eventStream =
          !failed
              && response
                  .firstMatchingHeader("Content-Type")
                  .map(type -> type.startsWith(EVENT_STREAM))
                  .orElse(false);
      // A collected body may be passed on with another length than the one announced.
      delegate.onHeaders(
          eventStream ? response : response.toBuilder().removeHeader("Content-Length").build());
    }

    @Override
    public void onStream(Publisher<ByteBuffer> stream) {
      if (failed) {
        delegate.onStream(
            new CollectedBody(stream, MAX_ERROR_BODY_BYTES, bytes -> scrub(bytes, redactor)));
      } else if (eventStream) {
        delegate.onStream(new ScrubbedEventStream(stream, redactor));
      } else {
        delegate.onStream(
            new CollectedBody(
                stream, Integer.MAX_VALUE, bytes -> scrubIfUnreadable(bytes, redactor)));
      }
    }

    @Override
    public void onError(Throwable error) {
      delegate.onError(error);
    }
  }

  /**
   * Collects a body (up to a limit; the rest is read and dropped), then publishes it transformed as
   * one buffer. It asks for the body only once its subscriber asked for something, so that it has
   * demand for the one buffer it publishes.
   */
  static final class CollectedBody implements Publisher<ByteBuffer> {
    private final Publisher<ByteBuffer> body;
    private final int maxBytes;
    private final UnaryOperator<byte[]> transform;

    CollectedBody(Publisher<ByteBuffer> body, int maxBytes, UnaryOperator<byte[]> transform) {
      this.body = body;
      this.maxBytes = maxBytes;
      this.transform = transform;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      body.subscribe(new Collector(subscriber, maxBytes, transform));
    }
  }

  /**
   * An event stream with each {@code exception} event's payload and each {@code error} event's
   * message scrubbed.
   */
  static final class ScrubbedEventStream implements Publisher<ByteBuffer> {
    private final Publisher<ByteBuffer> body;
    private final Redactor redactor;

    ScrubbedEventStream(Publisher<ByteBuffer> body, Redactor redactor) {
      this.body = body;
      this.redactor = redactor;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      MessageDecoder decoder =
          new MessageDecoder(); // one per subscription: it keeps partial events
      SdkPublisher.adapt(body)
          .flatMapIterable(
              (ByteBuffer buffer) -> {
                decoder.feed(buffer);
                List<ByteBuffer> events = new ArrayList<>(2);
                for (Message message : decoder.getDecodedMessages()) {
                  events.add(scrubbed(message).toByteBuffer());
                }
                return events;
              })
          .subscribe(subscriber);
    }

    private Message scrubbed(Message message) {
      HeaderValue type = message.getHeaders().get(":message-type");
      String messageType = type == null ? "" : type.getString();
      if (messageType.equals("exception")) {
        return new Message(message.getHeaders(), scrub(message.getPayload(), redactor));
      }
      HeaderValue said = message.getHeaders().get(":error-message");
      if (messageType.equals("error") && said != null) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>(message.getHeaders());
        headers.put(":error-message", HeaderValue.fromString(redactor.scrub(said.getString())));
        return new Message(headers, message.getPayload());
      }
      return message;
    }
  }

  private static final class Collector implements Subscriber<ByteBuffer> {
    private final Subscriber<? super ByteBuffer> downstream;
    private final int maxBytes;
    private final UnaryOperator<byte[]> transform;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicBoolean requested = new AtomicBoolean();

    Collector(
        Subscriber<? super ByteBuffer> downstream, int maxBytes, UnaryOperator<byte[]> transform) {
      this.downstream = downstream;
      this.maxBytes = maxBytes;
      this.transform = transform;
    }

    @Override
    public void onSubscribe(Subscription upstream) {
      downstream.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {
              if (n > 0 && requested.compareAndSet(false, true)) {
                upstream.request(Long.MAX_VALUE);
              }
            }

            @Override
            public void cancel() {
              upstream.cancel();
            }
          });
    }

    @Override
    public void onNext(ByteBuffer buffer) {
      int take = Math.min(maxBytes - bytes.size(), buffer.remaining());
      if (take > 0) {
        byte[] chunk = new byte[take];
        buffer.duplicate().get(chunk);
        bytes.write(chunk, 0, take);
      }
    }

    @Override
    public void onError(Throwable error) {
      downstream.onError(error);
    }

    @Override
    public void onComplete() {
      if (bytes.size() > 0) {
        byte[] out;
        try {
          out = transform.apply(bytes.toByteArray());
        } catch (RuntimeException e) {
          downstream.onError(e);
          return;
        }
        downstream.onNext(ByteBuffer.wrap(out));
      }
      downstream.onComplete();
    }
  }
}
