package dev.llmgateway.testkit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.Dialect.Exchange;
import dev.llmgateway.testkit.Dialect.Operation;
import dev.llmgateway.testkit.FakeResponse.UsageSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI media endpoints of the fake server: {@code POST /v1/images/generations}, {@code POST
 * /v1/audio/transcriptions} ({@code multipart/form-data}; plain in the {@code text}, {@code json}
 * and {@code verbose_json} formats, or streamed as {@code transcript.text.delta} / {@code
 * transcript.text.done} events) and {@code POST /v1/audio/speech} (the audio bytes, in chunks).
 * Errors, raw and malformed answers are rendered by {@link OpenAiDialect}, as for chat.
 */
final class OpenAiMediaDialect {
  static final String IMAGES_PATH = "/v1/images/generations";
  static final String TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions";
  static final String SPEECH_PATH = "/v1/audio/speech";

  /** Bytes per speech chunk when no chunk size is set. */
  static final int DEFAULT_AUDIO_CHUNK_BYTES = 4096;

  /** Seconds of audio per transcribed word. */
  static final double SECONDS_PER_WORD = 0.5;

  /** Output tokens per image that gpt-image models report when no usage is scripted. */
  static final long TOKENS_PER_IMAGE = 272;

  private static final String JSON_TYPE = "application/json";

  private OpenAiMediaDialect() {}

  static @Nullable Operation route(String path) {
    switch (path) {
      case IMAGES_PATH:
        return Operation.IMAGES;
      case TRANSCRIPTIONS_PATH:
        return Operation.TRANSCRIPTION;
      case SPEECH_PATH:
        return Operation.SPEECH;
      default:
        return null;
    }
  }

  static boolean isMedia(Operation operation) {
    return operation == Operation.IMAGES
        || operation == Operation.TRANSCRIPTION
        || operation == Operation.SPEECH;
  }

  /** Whether a transcription form says {@code stream=true}. */
  static boolean stream(@Nullable JsonNode body) {
    JsonNode stream = body == null ? null : body.get("stream");
    return stream != null
        && (stream.isBoolean() ? stream.booleanValue() : "true".equals(stream.asText()));
  }

  /** Renders an echo or a media script for a media operation. */
  static Reply render(Exchange exchange, FakeResponse response) {
    MediaScript media = response.media();
    boolean echo = response.kind() == FakeResponse.Kind.ECHO;
    if (!echo && (media == null || media.operation() != exchange.operation())) {
      return mismatch(exchange, response);
    }
    switch (exchange.operation()) {
      case IMAGES:
        return images(exchange, response, media == null ? null : media.bytes());
      case TRANSCRIPTION:
        return transcription(
            exchange, response, media == null ? echoTranscript(exchange.body()) : media.text());
      case SPEECH:
        byte[] audio =
            media == null
                ? exchange.body().path("input").asText("").getBytes(StandardCharsets.UTF_8)
                : media.bytes();
        return speech(exchange, response, audio);
      default:
        return mismatch(exchange, response);
    }
  }

  // Images.

  private static Reply images(Exchange exchange, FakeResponse response, byte @Nullable [] image) {
    JsonNode body = exchange.body();
    String prompt = body.path("prompt").asText("");
    int n = Math.max(1, body.path("n").asInt(1));
    boolean url = "url".equals(body.path("response_format").asText());
    byte[] bytes = image != null ? image : FakeImages.png(prompt);
    String model = exchange.model();
    boolean gptImage = model.startsWith("gpt-image");
    UsageSpec scripted = response.usage();
    UsageSpec usage =
        scripted != null
            ? scripted
            : gptImage ? new UsageSpec(Words.count(prompt), TOKENS_PER_IMAGE * n, 0, 0) : null;
    String b64 = Base64.getEncoder().encodeToString(bytes);
    byte[] json =
        Json.bytes(
            g -> {
              g.writeStartObject();
              g.writeNumberField("created", OpenAiDialect.CREATED);
              g.writeArrayFieldStart("data");
              for (int i = 0; i < n; i++) {
                g.writeStartObject();
                if (url) {
                  g.writeStringField(
                      "url",
                      String.format(
                          Locale.ROOT,
                          "https://images.fake-llm.invalid/img-fake%016d-%d.png",
                          exchange.sequence(),
                          i));
                } else {
                  g.writeStringField("b64_json", b64);
                }
                if (model.startsWith("dall-e-3")) {
                  g.writeStringField("revised_prompt", prompt);
                }
                g.writeEndObject();
              }
              g.writeEndArray();
              if (gptImage) {
                g.writeStringField("background", body.path("background").asText("opaque"));
                g.writeStringField("output_format", body.path("output_format").asText("png"));
                g.writeStringField("quality", body.path("quality").asText("medium"));
                g.writeStringField("size", body.path("size").asText("1024x1024"));
              }
              if (usage != null) {
                g.writeObjectFieldStart("usage");
                g.writeNumberField("total_tokens", usage.prompt() + usage.completion());
                g.writeNumberField("input_tokens", usage.prompt());
                g.writeNumberField("output_tokens", usage.completion());
                g.writeObjectFieldStart("input_tokens_details");
                g.writeNumberField("text_tokens", usage.prompt());
                g.writeNumberField("image_tokens", 0);
                g.writeEndObject();
                g.writeEndObject();
              }
              g.writeEndObject();
            });
    return new Reply(200, headers(JSON_TYPE, exchange), List.of(json), 1, false);
  }

  // Transcriptions.

  /** The uploaded file read as UTF-8 text, or a placeholder for bytes that are not text. */
  private static String echoTranscript(JsonNode form) {
    String b64 = form.path("file").path("base64").asText("");
    byte[] audio = Base64.getDecoder().decode(b64);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(audio))
          .toString()
          .strip();
    } catch (CharacterCodingException e) {
      return "[" + audio.length + " bytes of audio]";
    }
  }

  private static Reply transcription(Exchange exchange, FakeResponse response, String text) {
    JsonNode form = exchange.body();
    String format = form.path("response_format").asText("json");
    boolean whisper = exchange.model().contains("whisper");
    List<String> words = words(text);
    double duration = words.size() * SECONDS_PER_WORD;
    long promptWords = Words.count(form.path("prompt").asText(""));
    UsageSpec scripted = response.usage();
    long audioTokens = scripted != null ? scripted.prompt() : words.size();
    long textTokens = scripted != null ? 0 : promptWords;
    long outputTokens = scripted != null ? scripted.completion() : words.size();
    Json.Writer usage =
        g -> {
          g.writeObjectFieldStart("usage");
          if (whisper) {
            g.writeStringField("type", "duration");
            g.writeNumberField("seconds", (long) Math.ceil(duration));
          } else {
            g.writeStringField("type", "tokens");
            g.writeNumberField("input_tokens", audioTokens + textTokens);
            g.writeObjectFieldStart("input_token_details");
            g.writeNumberField("text_tokens", textTokens);
            g.writeNumberField("audio_tokens", audioTokens);
            g.writeEndObject();
            g.writeNumberField("output_tokens", outputTokens);
            g.writeNumberField("total_tokens", audioTokens + textTokens + outputTokens);
          }
          g.writeEndObject();
        };
    if (exchange.stream() && !whisper) {
      List<byte[]> events = new ArrayList<>();
      for (String piece : Words.split(text, response.chunkSize())) {
        events.add(
            Json.event(
                g -> {
                  g.writeStartObject();
                  g.writeStringField("type", "transcript.text.delta");
                  g.writeStringField("delta", piece);
                  g.writeEndObject();
                }));
      }
      int contentChunks = events.size();
      events.add(
          Json.event(
              g -> {
                g.writeStartObject();
                g.writeStringField("type", "transcript.text.done");
                g.writeStringField("text", text);
                usage.write(g);
                g.writeEndObject();
              }));
      return new Reply(
          200, headers("text/event-stream; charset=utf-8", exchange), events, contentChunks, true);
    }
    if (format.equals("text")) {
      return new Reply(
          200,
          headers("text/plain; charset=utf-8", exchange),
          List.of((text + "\n").getBytes(StandardCharsets.UTF_8)),
          1,
          false);
    }
    boolean verbose = format.equals("verbose_json");
    boolean wordTimes = verbose && asksFor(form.get("timestamp_granularities[]"), "word");
    byte[] json =
        Json.bytes(
            g -> {
              g.writeStartObject();
              if (verbose) {
                g.writeStringField("task", "transcribe");
                g.writeStringField("language", "english");
                g.writeNumberField("duration", duration);
              }
              g.writeStringField("text", text);
              if (verbose) {
                writeSegments(g, words);
                if (wordTimes) {
                  g.writeArrayFieldStart("words");
                  for (int i = 0; i < words.size(); i++) {
                    g.writeStartObject();
                    g.writeStringField("word", words.get(i));
                    g.writeNumberField("start", i * SECONDS_PER_WORD);
                    g.writeNumberField("end", (i + 1) * SECONDS_PER_WORD);
                    g.writeEndObject();
                  }
                  g.writeEndArray();
                }
              }
              if (!verbose || whisper) {
                usage.write(g);
              }
              g.writeEndObject();
            });
    return new Reply(200, headers(JSON_TYPE, exchange), List.of(json), 1, false);
  }

  private static void writeSegments(JsonGenerator g, List<String> words) throws IOException {
    g.writeArrayFieldStart("segments");
    for (int first = 0, id = 0; first < words.size(); first += 8, id++) {
      int last = Math.min(words.size(), first + 8);
      g.writeStartObject();
      g.writeNumberField("id", id);
      g.writeNumberField("seek", 0);
      g.writeNumberField("start", first * SECONDS_PER_WORD);
      g.writeNumberField("end", last * SECONDS_PER_WORD);
      g.writeStringField("text", " " + String.join(" ", words.subList(first, last)));
      g.writeArrayFieldStart("tokens");
      g.writeEndArray();
      g.writeNumberField("temperature", 0.0);
      g.writeNumberField("avg_logprob", -0.25);
      g.writeNumberField("compression_ratio", 1.2);
      g.writeNumberField("no_speech_prob", 0.01);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.strip().split("\\s+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  private static boolean asksFor(@Nullable JsonNode granularities, String value) {
    if (granularities == null) {
      return false;
    }
    for (JsonNode g : granularities.isArray() ? granularities : List.of(granularities)) {
      if (value.equals(g.asText())) {
        return true;
      }
    }
    return false;
  }

  // Speech.

  private static Reply speech(Exchange exchange, FakeResponse response, byte[] audio) {
    String format = exchange.body().path("response_format").asText("mp3");
    int size = response.chunkSize() > 0 ? response.chunkSize() : DEFAULT_AUDIO_CHUNK_BYTES;
    List<byte[]> chunks = new ArrayList<>();
    for (int at = 0; at < audio.length; at += size) {
      byte[] chunk = new byte[Math.min(size, audio.length - at)];
      System.arraycopy(audio, at, chunk, 0, chunk.length);
      chunks.add(chunk);
    }
    return new Reply(200, headers(audioType(format), exchange), chunks, chunks.size(), true);
  }

  static String audioType(String format) {
    switch (format) {
      case "opus":
        return "audio/ogg";
      case "aac":
        return "audio/aac";
      case "flac":
        return "audio/flac";
      case "wav":
        return "audio/wav";
      case "pcm":
        return "audio/pcm";
      default:
        return "audio/mpeg";
    }
  }

  private static Reply mismatch(Exchange exchange, FakeResponse response) {
    return OpenAiDialect.error(
        500,
        "server_error",
        null,
        "FakeLlmServer: "
            + response
            + " cannot answer the "
            + exchange.operation()
            + " request, check the script");
  }

  private static Map<String, String> headers(String contentType, Exchange exchange) {
    String requestId = String.format(Locale.ROOT, "req_fake%016d", exchange.sequence());
    return Map.of("Content-Type", contentType, "x-request-id", requestId);
  }
}
