package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.spi.ProviderCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Image generation: {@code POST {base}/images/generations} (Azure: the deployment's {@code
 * images/generations}).
 *
 * <p>Request: {@code model}, {@code prompt}, {@code n}, and when set {@code size}, {@code quality},
 * {@code style}, {@code background}, {@code output_format}, {@code output_compression} and {@code
 * user}; {@code response_format} ({@code url} or {@code b64_json}) for every model but the GPT
 * image models, which reject it and always answer with bytes; then the request's extra parameters.
 *
 * <p>Answer: {@code data[]} with {@code b64_json} or {@code url} and {@code revised_prompt}; the
 * GPT image models add {@code size}, {@code quality}, {@code output_format} and {@code usage}
 * ({@code input_tokens}, {@code output_tokens}). The billed size and quality are the answer's, else
 * the request's, else the DALL-E default ({@code 1024x1024}, {@code standard}).
 */
final class OpenAiImages {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OpenAiCalls calls;

  OpenAiImages(OpenAiCalls calls) {
    this.calls = calls;
  }

  ImageResponse generate(ImageRequest request, ProviderCall call) {
    String model = request.model();
    byte[] json;
    try {
      json = body(request, calls.endpoint().wireModel(model));
    } catch (IOException | RuntimeException e) {
      throw calls.unencodable(model, e);
    }
    Request http =
        calls
            .requests()
            .to(calls.endpoint().imagesUrl(model), call, model)
            .post(RequestBody.create(json, JSON))
            .build();
    byte[] body = calls.transport().execute(http, call, model);
    HttpErrorMapper errors = calls.transport().errors().forRequest(http);
    try {
      return read(body, calls.provider(), request, errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(model, "unreadable response: " + e.getMessage(), e);
    }
  }

  static byte[] body(ImageRequest request, String wireModel) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + request.prompt().length());
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeStringField("model", wireModel);
      g.writeStringField("prompt", request.prompt());
      g.writeNumberField("n", request.n());
      if (request.size() != null) {
        g.writeStringField("size", request.size());
      }
      if (request.quality() != null) {
        g.writeStringField("quality", request.quality().wireName());
      }
      if (request.style() != null) {
        g.writeStringField("style", lower(request.style()));
      }
      if (!OpenAiMediaSupport.isGptImage(request.model())) {
        g.writeStringField(
            "response_format", request.output() == ImageRequest.Output.URL ? "url" : "b64_json");
      }
      if (request.background() != null) {
        g.writeStringField("background", lower(request.background()));
      }
      if (request.format() != null) {
        g.writeStringField("output_format", lower(request.format()));
      }
      if (request.compression() != null) {
        g.writeNumberField("output_compression", request.compression());
      }
      if (request.endUser() != null) {
        g.writeStringField("user", request.endUser());
      }
      for (Map.Entry<String, @Nullable Object> extra : request.extraParams().entrySet()) {
        g.writeFieldName(extra.getKey());
        g.writeObject(extra.getValue());
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  static ImageResponse read(
      byte[] body, String provider, ImageRequest request, HttpErrorMapper errors) {
    String model = request.model();
    JsonNode root = OpenAiCalls.parse(body, model, errors);
    JsonNode data = root.get("data");
    if (data == null || !data.isArray() || data.isEmpty()) {
      throw errors.malformed(model, "the response has no data", null);
    }
    String outputFormat = Json.text(root, "output_format");
    String declared =
        outputFormat != null
            ? "image/" + outputFormat.toLowerCase(Locale.ROOT)
            : request.format() != null ? request.format().mediaType() : null;
    List<GeneratedImage> images = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      String b64 = Json.text(item, "b64_json");
      String url = Json.text(item, "url");
      String revised = Json.text(item, "revised_prompt");
      if (b64 != null) {
        byte[] bytes;
        try {
          // Strict: a lenient decoder skips stray characters and would return a broken image.
          bytes = Base64.getDecoder().decode(b64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
          throw errors.malformed(model, "image #" + i + " is not valid Base64", null);
        }
        if (bytes.length == 0) {
          throw errors.malformed(model, "image #" + i + " is empty", null);
        }
        images.add(
            GeneratedImage.ofData(bytes, declared != null ? declared : sniff(bytes), revised));
      } else if (url != null) {
        images.add(GeneratedImage.ofUrl(url, revised));
      } else {
        throw errors.malformed(model, "image #" + i + " has neither b64_json nor url", null);
      }
    }
    return ImageResponse.of(
        provider,
        model,
        images,
        billedSize(Json.text(root, "size"), request),
        billedQuality(Json.text(root, "quality"), request),
        usage(Json.object(root, "usage")));
  }

  private static @Nullable String billedSize(@Nullable String reported, ImageRequest request) {
    if (reported != null) {
      return reported;
    }
    if (request.size() != null && !request.size().equals("auto")) {
      return request.size();
    }
    return OpenAiMediaSupport.isGptImage(request.model()) ? null : "1024x1024";
  }

  private static @Nullable String billedQuality(@Nullable String reported, ImageRequest request) {
    if (reported != null) {
      return reported;
    }
    if (request.quality() != null && request.quality() != ImageRequest.Quality.AUTO) {
      return request.quality().wireName();
    }
    return OpenAiMediaSupport.isGptImage(request.model()) ? null : "standard";
  }

  /** The GPT image models' usage; a count the body leaves out is not reported. */
  private static Usage usage(@Nullable JsonNode usage) {
    if (usage == null) {
      return Usage.NOT_REPORTED;
    }
    EnumSet<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
    if (Json.hasNumber(usage, "input_tokens")) {
      reported.add(Usage.Count.INPUT);
    }
    if (Json.hasNumber(usage, "output_tokens")) {
      reported.add(Usage.Count.OUTPUT);
    }
    return new Usage(
        Json.count(usage, "input_tokens"), Json.count(usage, "output_tokens"), 0, 0, 0, reported);
  }

  /** The media type the bytes start like: PNG, JPEG, WebP or GIF; PNG when none matches. */
  static String sniff(byte[] bytes) {
    if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
      return "image/jpeg";
    }
    if (bytes.length >= 12
        && bytes[0] == 'R'
        && bytes[1] == 'I'
        && bytes[8] == 'W'
        && bytes[9] == 'E'
        && bytes[10] == 'B'
        && bytes[11] == 'P') {
      return "image/webp";
    }
    if (bytes.length >= 3 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
      return "image/gif";
    }
    return "image/png";
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
