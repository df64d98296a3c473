package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/** A plain OkHttp client that talks to a {@link FakeLlmServer} the way a real client would. */
final class Http implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  final OkHttpClient client;
  private final FakeLlmServer server;

  Http(FakeLlmServer server) {
    this(
        server,
        new OkHttpClient.Builder()
            .readTimeout(Duration.ofSeconds(10))
            .callTimeout(Duration.ofSeconds(30))
            .build());
  }

  Http(FakeLlmServer server, OkHttpClient client) {
    this.server = server;
    this.client = client;
  }

  /** Returns a chat request body with the given user messages (and stream flag). */
  static ObjectNode chat(String model, boolean stream, String... userMessages) {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (String message : userMessages) {
      messages.addObject().put("role", "user").put("content", message);
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  Call newCall(String path, Object body) {
    String json = body instanceof String ? (String) body : body.toString();
    return client.newCall(
        new Request.Builder()
            .url(server.baseUrl() + path)
            .header("Authorization", "Bearer sk-test")
            .post(RequestBody.create(json, APPLICATION_JSON))
            .build());
  }

  /** Posts and returns the whole exchange (status, headers, body). */
  Result post(String path, Object body) {
    try (Response response = newCall(path, body).execute()) {
      return new Result(response.code(), response.headers().toMultimap(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts a chat request and returns the parsed 200 JSON answer. */
  JsonNode chatJson(Object body) {
    Result result = post("/chat/completions", body);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    return result.json();
  }

  /** Posts a streamed chat request and returns every {@code data:} payload, [DONE] included. */
  List<String> stream(Object body) {
    try (Response response = newCall("/chat/completions", body).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return readEvents(response.body().source(), Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads up to {@code max} {@code data:} payloads; stops early at the end of the body. */
  static List<String> readEvents(BufferedSource source, int max) throws IOException {
    List<String> events = new ArrayList<>();
    while (events.size() < max) {
      String line = source.readUtf8Line();
      if (line == null) {
        break;
      }
      if (line.startsWith("data: ")) {
        events.add(line.substring("data: ".length()));
        String blank = source.readUtf8Line();
        assertThat(blank).as("an event ends with an empty line").isEmpty();
      } else {
        assertThat(line).as("only data lines and blank lines").isEmpty();
      }
    }
    return events;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  record Result(int status, java.util.Map<String, List<String>> headers, String body) {
    @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null ? null : String.join(", ", values);
    }

    JsonNode json() {
      return parse(body);
    }
  }
}
