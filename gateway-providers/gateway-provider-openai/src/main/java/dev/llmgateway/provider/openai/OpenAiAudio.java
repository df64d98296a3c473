package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TimedText;
import dev.llmgateway.model.TranscriptionChunk;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.spi.AudioStream;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.TranscriptionStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Speech to text and text to speech: {@code POST {base}/audio/transcriptions} as {@code
 * multipart/form-data}, plain or streamed, and {@code POST {base}/audio/speech}, whose audio is
 * handed out as it arrives.
 *
 * <p>Transcription form: {@code file} (the audio, with its file name and media type), {@code
 * model}, and when set {@code language}, {@code prompt}, {@code response_format} ({@code text},
 * {@code json}, {@code verbose_json}), {@code temperature}, one {@code timestamp_granularities[]}
 * per granularity, {@code stream=true} for a streamed call, then the extra parameters (text as is,
 * lists as repeated {@code name[]}, objects as JSON). Answer: the text alone ({@code text}), or
 * {@code {"text", "usage"}}, or the verbose object with {@code language}, {@code duration}, {@code
 * segments[]} and {@code words[]}. Usage is {@code {"type": "tokens", "input_tokens",
 * "input_token_details": {"audio_tokens", "text_tokens"}, "output_tokens"}} for the token-billed
 * models and {@code {"type": "duration", "seconds"}} for {@code whisper-1}, whose seconds become
 * the response's duration (the billed one, over the verbose {@code duration}).
 *
 * <p>A streamed transcription is a stream of {@code transcript.text.delta} events ending with
 * {@code transcript.text.done} (the whole text and the usage). Models that do not stream ({@code
 * whisper-1} ignores {@code stream}) answer with the whole JSON or text, which becomes one delta
 * and the last chunk.
 *
 * <p>Speech body: {@code model}, {@code input}, {@code voice}, {@code response_format}, and when
 * set {@code speed} and {@code instructions}, then the extra parameters. A JSON answer where audio
 * was expected is an error object (thrown as such) or {@code MALFORMED_RESPONSE}.
 */
final class OpenAiAudio {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OpenAiCalls calls;

  OpenAiAudio(OpenAiCalls calls) {
    this.calls = calls;
  }

  TranscriptionResponse transcribe(TranscriptionRequest request, ProviderCall call) {
    String model = request.model();
    Request http = transcriptionRequest(request, call, false);
    byte[] body = calls.transport().execute(http, call, model);
    HttpErrorMapper errors = calls.transport().errors().forRequest(http);
    return readTranscription(body, request, calls.provider(), errors);
  }

  TranscriptionStream transcribeStream(TranscriptionRequest request, ProviderCall call) {
    String model = request.model();
    Request http = transcriptionRequest(request, call, true);
    HttpExchange exchange = calls.transport().open(http, call, model);
    MediaType type = exchange.response().body().contentType();
    if (type != null && type.subtype().equals("event-stream")) {
      return new OpenAiTranscriptionStream(exchange, request, calls.provider());
    }
    // A model that does not stream (whisper-1) answers with the whole transcript.
    HttpErrorMapper errors = exchange.errors();
    byte[] body;
    try (exchange) {
      body = exchange.response().body().bytes();
    } catch (IOException e) {
      throw exchange.failure(e);
    }
    return whole(readTranscription(body, request, calls.provider(), errors));
  }

  AudioStream speech(SpeechRequest request, ProviderCall call) {
    String model = request.model();
    byte[] json;
    try {
      json = speechBody(request, calls.endpoint().wireModel(model));
    } catch (IOException | RuntimeException e) {
      throw calls.unencodable(model, e);
    }
    Request http =
        calls
            .requests()
            .to(calls.endpoint().speechUrl(model), call, model)
            .header("Accept", request.format().mediaType() + ", */*")
            .post(RequestBody.create(json, JSON))
            .build();
    HttpExchange exchange = calls.transport().open(http, call, model);
    Response response = exchange.response();
    MediaType type = response.body().contentType();
    if (type != null && type.subtype().equals("json")) {
      throw jsonInsteadOfAudio(exchange, model);
    }
    return new OpenAiAudioStream(exchange, request.format());
  }

  private Request transcriptionRequest(
      TranscriptionRequest request, ProviderCall call, boolean stream) {
    String model = request.model();
    RequestBody form;
    try {
      form = form(request, calls.endpoint().wireModel(model), stream);
    } catch (IOException | RuntimeException e) {
      throw calls.unencodable(model, e);
    }
    Request.Builder builder =
        calls.requests().to(calls.endpoint().transcriptionsUrl(model), call, model).post(form);
    if (stream) {
      builder.header("Accept", "text/event-stream, application/json");
    }
    return builder.build();
  }

  static MultipartBody form(TranscriptionRequest request, String wireModel, boolean stream)
      throws IOException {
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
    form.addFormDataPart("file", request.filename(), new AudioBody(request));
    form.addFormDataPart("model", wireModel);
    if (request.language() != null) {
      form.addFormDataPart("language", request.language());
    }
    if (request.prompt() != null) {
      form.addFormDataPart("prompt", request.prompt());
    }
    form.addFormDataPart("response_format", request.responseFormat().wireName());
    if (request.temperature() != null) {
      form.addFormDataPart("temperature", request.temperature().toString());
    }
    for (TranscriptionRequest.Granularity g : request.timestampGranularities()) {
      form.addFormDataPart("timestamp_granularities[]", g.wireName());
    }
    if (stream) {
      form.addFormDataPart("stream", "true");
    }
    for (Map.Entry<String, @Nullable Object> extra : request.extraParams().entrySet()) {
      addField(form, extra.getKey(), extra.getValue());
    }
    return form.build();
  }

  private static void addField(MultipartBody.Builder form, String name, @Nullable Object value)
      throws IOException {
    if (value == null) {
      return;
    }
    if (value instanceof List<?> list) {
      String field = name.endsWith("[]") ? name : name + "[]";
      for (Object item : list) {
        addField(form, field, item);
      }
    } else if (value instanceof Map<?, ?>) {
      form.addFormDataPart(name, Json.mapper().writeValueAsString(value));
    } else {
      form.addFormDataPart(name, value.toString());
    }
  }

  static byte[] speechBody(SpeechRequest request, String wireModel) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + request.input().length());
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeStringField("model", wireModel);
      g.writeStringField("input", request.input());
      g.writeStringField("voice", request.voice());
      g.writeStringField("response_format", request.format().wireName());
      if (request.speed() != null) {
        g.writeNumberField("speed", request.speed());
      }
      if (request.instructions() != null) {
        g.writeStringField("instructions", request.instructions());
      }
      for (Map.Entry<String, @Nullable Object> extra : request.extraParams().entrySet()) {
        g.writeFieldName(extra.getKey());
        g.writeObject(extra.getValue());
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /** Reads a whole transcription answer in the format the request asked for. */
  static TranscriptionResponse readTranscription(
      byte[] body, TranscriptionRequest request, String provider, HttpErrorMapper errors) {
    String model = request.model();
    try {
      if (request.responseFormat() == TranscriptionRequest.Format.TEXT
          && !looksLikeJsonObject(body)) {
        String text = new String(body, StandardCharsets.UTF_8);
        return TranscriptionResponse.of(
            provider,
            model,
            text.endsWith("\n") ? text.substring(0, text.length() - 1) : text,
            null,
            null,
            List.of(),
            List.of(),
            Usage.NOT_REPORTED,
            null);
      }
      JsonNode root = OpenAiCalls.parse(body, model, errors);
      String text = Json.text(root, "text");
      if (text == null) {
        throw errors.malformed(model, "the response has no text", null);
      }
      return fromJson(root, text, request, provider);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(model, "unreadable response: " + e.getMessage(), e);
    }
  }

  /** A transcription from a JSON answer or a {@code transcript.text.done} event. */
  static TranscriptionResponse fromJson(
      JsonNode root, String text, TranscriptionRequest request, String provider) {
    JsonNode usageNode = Json.object(root, "usage");
    Usage usage = Usage.NOT_REPORTED;
    Long audioTokens = null;
    Duration duration = null;
    JsonNode verboseDuration = root.get("duration");
    if (verboseDuration != null && verboseDuration.isNumber()) {
      duration = TimedText.seconds(Math.max(0, verboseDuration.asDouble()));
    }
    if (usageNode != null) {
      JsonNode seconds = usageNode.get("seconds");
      if ("duration".equals(Json.text(usageNode, "type")) || seconds != null) {
        if (seconds != null && seconds.isNumber()) {
          duration = TimedText.seconds(Math.max(0, seconds.asDouble()));
        }
      } else {
        EnumSet<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
        if (Json.hasNumber(usageNode, "input_tokens")) {
          reported.add(Usage.Count.INPUT);
        }
        if (Json.hasNumber(usageNode, "output_tokens")) {
          reported.add(Usage.Count.OUTPUT);
        }
        long input = Json.count(usageNode, "input_tokens");
        usage = new Usage(input, Json.count(usageNode, "output_tokens"), 0, 0, 0, reported);
        JsonNode details = Json.object(usageNode, "input_token_details");
        if (Json.hasNumber(details, "audio_tokens")) {
          audioTokens = Math.min(input, Json.count(details, "audio_tokens"));
        }
      }
    }
    return TranscriptionResponse.of(
        provider,
        request.model(),
        text,
        Json.text(root, "language"),
        duration,
        timed(root.get("segments"), "text"),
        timed(root.get("words"), "word"),
        usage,
        audioTokens);
  }

  private static List<TimedText> timed(@Nullable JsonNode items, String textField) {
    if (items == null || !items.isArray()) {
      return List.of();
    }
    List<TimedText> result = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      JsonNode start = item.get("start");
      JsonNode end = item.get("end");
      String text = Json.text(item, textField);
      if (start == null || !start.isNumber() || end == null || !end.isNumber() || text == null) {
        throw new IllegalStateException("a timed " + textField + " lacks start, end or text");
      }
      double from = Math.max(0, start.asDouble());
      result.add(TimedText.ofSeconds(from, Math.max(from, end.asDouble()), text));
    }
    return result;
  }

  private static boolean looksLikeJsonObject(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b == '{';
      }
    }
    return false;
  }

  private ProviderException jsonInsteadOfAudio(HttpExchange exchange, String model) {
    HttpErrorMapper errors = exchange.errors();
    try (exchange) {
      byte[] body;
      try {
        body = exchange.response().body().bytes();
      } catch (IOException e) {
        return exchange.failure(e);
      }
      try {
        OpenAiCalls.parse(body, model, errors);
      } catch (ProviderException e) {
        return e;
      }
      return errors.malformed(model, "expected audio but got a JSON body", null);
    }
  }

  /**
   * A stream over a whole transcription: its text as one delta, then the last chunk. Like a wire
   * stream, it fails with {@code NETWORK} when read after {@link TranscriptionStream#close()}
   * before its end.
   */
  private TranscriptionStream whole(TranscriptionResponse response) {
    AtomicInteger read = new AtomicInteger();
    AtomicBoolean closed = new AtomicBoolean();
    return new TranscriptionStream() {
      @Override
      public @Nullable TranscriptionChunk next() {
        if (closed.get() && read.get() < 2) {
          throw new ProviderException(
              ErrorKind.NETWORK,
              calls.provider(),
              response.model(),
              "The stream from provider '" + calls.provider() + "' was closed by the caller",
              null);
        }
        return switch (read.getAndIncrement()) {
          case 0 -> TranscriptionChunk.delta(response.text());
          case 1 -> TranscriptionChunk.last(response);
          default -> null;
        };
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
  }

  /** The audio file part, written from the request without copying it. */
  private static final class AudioBody extends RequestBody {
    private final TranscriptionRequest request;
    private final @Nullable MediaType type;

    AudioBody(TranscriptionRequest request) {
      this.request = request;
      this.type = MediaType.parse(request.mediaType());
    }

    @Override
    public @Nullable MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return request.audioSize();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      request.writeAudio(sink.outputStream());
    }
  }
}
