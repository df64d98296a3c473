package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeanOpenAiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
  private final OkHttpClient http =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();

  @AfterEach
  void closeClient() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void answersAPlainChatCompletionOnEveryCallOfAKeptAliveConnection() throws IOException {
    try (LeanOpenAiServer server = LeanOpenAiServer.builder().answer("Hi \"there\"").start()) {
      for (int i = 0; i < 3; i++) {
        JsonNode root = JSON.readTree(post(server, "{\"model\":\"m\",\"messages\":[]}"));
        assertThat(root.path("object").asText()).isEqualTo("chat.completion");
        assertThat(root.path("choices").path(0).path("message").path("content").asText())
            .isEqualTo("Hi \"there\"");
        assertThat(root.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(root.path("usage").path("prompt_tokens").asInt())
            .isEqualTo(LeanAnswers.PROMPT_TOKENS);
      }
      assertThat(server.requestsServed()).isEqualTo(3);
      assertThat(http.connectionPool().connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void servesThousandsOfRequestsOnOneConnectionWhateverTheirSizes() throws IOException {
    try (LeanOpenAiServer server = LeanOpenAiServer.start()) {
      for (int i = 0; i < 2_000; i++) {
        String padding = "x".repeat(i % 997);
        String answer = post(server, "{\"model\":\"m\",\"pad\":\"" + padding + "\"}");
        assertThat(answer).startsWith("{\"id\":");
      }
      assertThat(server.requestsServed()).isEqualTo(2_000);
      assertThat(http.connectionPool().connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void streamsTheAnswerInTheConfiguredNumberOfChunksThenUsageAndDone() throws IOException {
    try (LeanOpenAiServer server = LeanOpenAiServer.builder().chunks(200).start()) {
      String body = post(server, "{\"model\":\"m\",\"stream\": true,\"messages\":[]}");
      List<JsonNode> events = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      boolean done = false;
      for (String line : body.split("\n")) {
        if (line.equals("data: [DONE]")) {
          done = true;
        } else if (line.startsWith("data: ")) {
          JsonNode event = JSON.readTree(line.substring(6));
          events.add(event);
          text.append(event.path("choices").path(0).path("delta").path("content").asText(""));
        }
      }
      assertThat(done).isTrue();
      assertThat(events).hasSize(201);
      assertThat(events.get(0).path("choices").path(0).path("delta").path("role").asText())
          .isEqualTo("assistant");
      assertThat(events.get(199).path("choices").path(0).path("finish_reason").asText())
          .isEqualTo("stop");
      assertThat(events.get(200).path("choices").size()).isZero();
      assertThat(events.get(200).path("usage").path("completion_tokens").asInt()).isEqualTo(200);
      assertThat(text.toString())
          .isEqualTo(LeanAnswers.streamedText(LeanOpenAiServer.DEFAULT_ANSWER, 200))
          .startsWith(LeanOpenAiServer.DEFAULT_ANSWER);
    }
  }

  @Test
  void readsAChunkedRequestBodyAndSeesItsStreamFlag() throws IOException {
    try (LeanOpenAiServer server = LeanOpenAiServer.start()) {
      RequestBody chunked =
          new RequestBody() {
            @Override
            public MediaType contentType() {
              return APPLICATION_JSON;
            }

            @Override
            public long contentLength() {
              return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
              sink.writeUtf8("{\"model\":\"m\",");
              sink.flush();
              sink.writeUtf8("\"stream\":true}");
            }
          };
      Request request =
          new Request.Builder().url(server.baseUrl() + "/chat/completions").post(chunked).build();
      try (Response response = http.newCall(request).execute()) {
        assertThat(response.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(response.body().string()).endsWith("data: [DONE]\n\n");
      }
      assertThat(post(server, "{}")).startsWith("{\"id\":");
    }
  }

  @Test
  void delaysEachAnswerByTheFixedLatency() throws IOException {
    try (LeanOpenAiServer server =
        LeanOpenAiServer.builder().latency(Duration.ofMillis(120)).start()) {
      long begin = System.nanoTime();
      post(server, "{}");
      assertThat(System.nanoTime() - begin)
          .isGreaterThanOrEqualTo(Duration.ofMillis(120).toNanos());
    }
  }

  @Test
  void closesTheConnectionWhenTheClientAsksAndOnClose() throws IOException {
    LeanOpenAiServer server = LeanOpenAiServer.start();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  + "Content-Length: 2\r\n\r\n{}")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").endsWith("}");
    }
    server.close();
    assertThatThrownBy(() -> post(server, "{}")).isInstanceOf(IOException.class);
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> LeanOpenAiServer.builder().chunks(0)).hasMessageContaining("chunks");
    assertThatThrownBy(() -> LeanOpenAiServer.builder().latency(Duration.ofMillis(-1)))
        .hasMessageContaining("latency");
    assertThatThrownBy(() -> LeanOpenAiServer.builder().answer("")).hasMessageContaining("answer");
  }

  private String post(LeanOpenAiServer server, String json) throws IOException {
    Request request =
        new Request.Builder()
            .url(server.baseUrl() + "/chat/completions")
            .post(RequestBody.create(json, APPLICATION_JSON))
            .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      BufferedSource source = response.body().source();
      return source.readUtf8();
    }
  }
}
