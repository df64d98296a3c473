package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.SpeechAudio;
import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TimedText;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/images/generations}, {@code /v1/audio/speech} and {@code
 * /v1/audio/transcriptions}, in OpenAI's format.
 */
final class MediaEndpoints {
  private final GatewayClient gateway;
  private final Clock clock;

  MediaEndpoints(GatewayClient gateway, Clock clock) {
    this.gateway = gateway;
    this.clock = clock;
  }

  void images(Exchange ex, ServerSettings settings, RequestContext context) throws IOException {
    JsonNode body = Fields.object(ex.json(settings.maxRequestBytes()));
    ImageRequest.Builder b =
        ImageRequest.builder()
            .model(Fields.requiredText(body, "model", "model"))
            .prompt(Fields.requiredText(body, "prompt", "prompt"));
    Integer n = Fields.integer(body, "n");
    if (n != null) {
      b.n(n);
    }
    b.size(Fields.text(body, "size", "size"));
    String quality = Fields.text(body, "quality", "quality");
    if (quality != null) {
      b.quality(quality(quality));
    }
    String style = Fields.text(body, "style", "style");
    if (style != null) {
      b.style(value(ImageRequest.Style.class, style, "style"));
    }
    String background = Fields.text(body, "background", "background");
    if (background != null) {
      b.background(value(ImageRequest.Background.class, background, "background"));
    }
    String format = Fields.text(body, "output_format", "output_format");
    if (format != null) {
      b.format(value(ImageRequest.Format.class, format, "output_format"));
    }
    Integer compression = Fields.integer(body, "output_compression");
    if (compression != null) {
      b.compression(compression);
    }
    String responseFormat = Fields.text(body, "response_format", "response_format");
    boolean url = "url".equals(responseFormat);
    b.output(url ? ImageRequest.Output.URL : ImageRequest.Output.BASE64);
    String user = Fields.text(body, "user", "user");
    b.context(user != null && context.user() == null ? context.user(user) : context);
    ImageResponse r = gateway.images(b.build());
    Router.routeHeaders(ex, r.provider(), r.model(), r.cost());
    ObjectNode o = Json.object();
    o.put("created", clock.instant().getEpochSecond());
    ArrayNode data = o.putArray("data");
    for (GeneratedImage image : r.images()) {
      ObjectNode item = data.addObject();
      if (image.url() != null) {
        item.put("url", image.url());
      } else if (image.data() != null) {
        item.put("b64_json", Base64.getEncoder().encodeToString(image.data()));
      }
      if (image.revisedPrompt() != null) {
        item.put("revised_prompt", image.revisedPrompt());
      }
    }
    if (r.usage().isReported()) {
      ObjectNode u = o.putObject("usage");
      u.put("input_tokens", r.usage().inputTokens());
      u.put("output_tokens", r.usage().outputTokens());
      u.put("total_tokens", r.usage().totalTokens());
    }
    ex.sendJson(200, o);
  }

  void speech(Exchange ex, ServerSettings settings, RequestContext context) throws IOException {
    JsonNode body = Fields.object(ex.json(settings.maxRequestBytes()));
    SpeechRequest.Builder b =
        SpeechRequest.builder()
            .model(Fields.requiredText(body, "model", "model"))
            .input(Fields.requiredText(body, "input", "input"))
            .voice(Fields.requiredText(body, "voice", "voice"))
            .context(context);
    String format = Fields.text(body, "response_format", "response_format");
    if (format != null) {
      b.format(value(SpeechRequest.Format.class, format, "response_format"));
    }
    Double speed = Fields.number(body, "speed");
    if (speed != null) {
      b.speed(speed);
    }
    b.instructions(Fields.text(body, "instructions", "instructions"));
    try (SpeechAudio audio = gateway.speech(b.build())) {
      Router.routeHeaders(
          ex, audio.route().target().provider(), audio.route().target().model(), audio.cost());
      ex.response.setStatus(200);
      ex.setHeader("Content-Type", audio.mediaType());
      OutputStream out = ex.stream();
      try (InputStream in = audio.inputStream()) {
        in.transferTo(out);
      }
      ex.finish();
    }
  }

  void transcription(Exchange ex, ServerSettings settings, RequestContext context)
      throws IOException {
    String type = ex.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw ApiError.invalid(null, "The request must be multipart/form-data with a 'file' part");
    }
    long max = settings.maxRequestBytes();
    if (ex.request.getLength() > max) {
      throw ApiError.tooLarge(max);
    }
    MultiPartConfig config =
        new MultiPartConfig.Builder()
            .maxSize(max)
            .maxPartSize(max)
            .maxMemoryPartSize(max)
            .maxParts(64)
            .build();
    MultiPartFormData.Parts parts;
    try {
      parts = MultiPartFormData.getParts(ex.request, ex.request, type, config);
    } catch (RuntimeException e) {
      throw ApiError.invalid(null, "The multipart body cannot be read: " + e.getMessage());
    }
    try (parts) {
      MultiPart.Part file = parts.getFirst("file");
      if (file == null || file.getFileName() == null) {
        throw ApiError.invalid("file", "'file' is required: the audio file as a file part");
      }
      ByteBuffer buf = Content.Source.asByteBuffer(file.getContentSource());
      byte[] audio = new byte[buf.remaining()];
      buf.get(audio);
      String mediaType = file.getHeaders().get("Content-Type");
      TranscriptionRequest.Builder b =
          TranscriptionRequest.builder()
              .model(required(parts, "model"))
              .context(context)
              .language(field(parts, "language"))
              .prompt(field(parts, "prompt"));
      if (mediaType == null || mediaType.isBlank()) {
        b.audio(audio, file.getFileName());
      } else {
        b.audio(audio, file.getFileName(), mediaType);
      }
      String format = field(parts, "response_format");
      TranscriptionRequest.Format f =
          format == null
              ? TranscriptionRequest.Format.JSON
              : value(TranscriptionRequest.Format.class, format, "response_format");
      b.responseFormat(f);
      String temperature = field(parts, "temperature");
      if (temperature != null) {
        try {
          b.temperature(Double.parseDouble(temperature));
        } catch (NumberFormatException e) {
          throw ApiError.invalid("temperature", "'temperature' must be a number");
        }
      }
      TranscriptionResponse r = gateway.transcribe(b.build());
      Router.routeHeaders(ex, r.provider(), r.model(), r.cost());
      if (f == TranscriptionRequest.Format.TEXT) {
        ex.sendText(200, "text/plain; charset=utf-8", r.text());
        return;
      }
      ObjectNode o = Json.object();
      if (f == TranscriptionRequest.Format.VERBOSE_JSON) {
        o.put("task", "transcribe");
        if (r.language() != null) {
          o.put("language", r.language());
        }
        if (r.duration() != null) {
          o.put("duration", r.duration().toMillis() / 1000.0);
        }
      }
      o.put("text", r.text());
      if (f == TranscriptionRequest.Format.VERBOSE_JSON) {
        timed(o.putArray("segments"), r.segments(), "text");
        timed(o.putArray("words"), r.words(), "word");
      }
      ex.sendJson(200, o);
    }
  }

  private static void timed(ArrayNode out, java.util.List<TimedText> pieces, String textField) {
    int id = 0;
    for (TimedText t : pieces) {
      ObjectNode n = out.addObject();
      if (textField.equals("text")) {
        n.put("id", id++);
      }
      n.put("start", t.start().toMillis() / 1000.0);
      n.put("end", t.end().toMillis() / 1000.0);
      n.put(textField, t.text());
    }
  }

  private static @Nullable String field(MultiPartFormData.Parts parts, String name) {
    MultiPart.Part p = parts.getFirst(name);
    return p == null ? null : p.getContentAsString(StandardCharsets.UTF_8);
  }

  private static String required(MultiPartFormData.Parts parts, String name) {
    String v = field(parts, name);
    if (v == null || v.isBlank()) {
      throw ApiError.invalid(name, "'" + name + "' is required");
    }
    return v;
  }

  private static ImageRequest.Quality quality(String text) {
    for (ImageRequest.Quality q : ImageRequest.Quality.values()) {
      if (q.wireName().equals(text) || q.name().equalsIgnoreCase(text)) {
        return q;
      }
    }
    throw ApiError.invalid("quality", "Unknown quality '" + text + "'");
  }

  private static <E extends Enum<E>> E value(Class<E> type, @Nullable String text, String field) {
    try {
      return Enum.valueOf(type, String.valueOf(text).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, "Unknown " + field + " '" + text + "'");
    }
  }
}
