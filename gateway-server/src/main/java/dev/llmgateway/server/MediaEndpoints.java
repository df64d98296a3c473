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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/images/generations} and {@code POST /v1/audio/speech}, in OpenAI's format. */
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
