package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerEmbeddingsTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void embeddingsHaveOpenAiShapeAndScriptedDimensions() {
    server.respondByDefault(FakeResponse.embeddings(8));

    JsonNode answer =
        embed("{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"bye\"]}");

    assertThat(answer.get("object").asText()).isEqualTo("list");
    assertThat(answer.get("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(answer.get("data")).hasSize(2);
    assertThat(answer.at("/data/1/object").asText()).isEqualTo("embedding");
    assertThat(answer.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(answer.at("/data/0/embedding")).hasSize(8);
    assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(3);
    assertThat(answer.at("/usage/total_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void vectorsAreDeterministicPerInputAndUnitLength() {
    server.respondByDefault(FakeResponse.embeddings(16));
    String request = "{\"model\":\"e\",\"input\":[\"alpha\",\"beta\",\"alpha\"]}";

    JsonNode first = embed(request);
    JsonNode second;
    try (FakeLlmServer other = FakeLlmServer.start();
        Http otherHttp = new Http(other)) {
      other.respondByDefault(FakeResponse.embeddings(16));
      second = otherHttp.post("/embeddings", request).json();
    }

    List<Double> alpha = vector(first, 0);
    assertThat(vector(first, 2)).isEqualTo(alpha);
    assertThat(vector(second, 0)).as("same input, another server").isEqualTo(alpha);
    assertThat(vector(first, 1)).isNotEqualTo(alpha);
    double norm = Math.sqrt(alpha.stream().mapToDouble(x -> x * x).sum());
    assertThat(norm).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void echoUsesTheRequestedDimensionsOrTheDefault() {
    JsonNode requested = embed("{\"model\":\"e\",\"input\":\"x\",\"dimensions\":5}");
    JsonNode unspecified = embed("{\"model\":\"e\",\"input\":\"x\"}");

    assertThat(requested.at("/data/0/embedding")).hasSize(5);
    assertThat(unspecified.at("/data/0/embedding"))
        .hasSize(FakeResponse.DEFAULT_EMBEDDING_DIMENSIONS);
  }

  @Test
  void base64EncodingCarriesTheSameLittleEndianFloats() {
    server.respondByDefault(FakeResponse.embeddings(4));

    JsonNode floats = embed("{\"model\":\"e\",\"input\":\"same\"}");
    JsonNode base64 = embed("{\"model\":\"e\",\"input\":\"same\",\"encoding_format\":\"base64\"}");

    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asText()))
            .order(ByteOrder.LITTLE_ENDIAN);
    List<Double> decoded = new ArrayList<>();
    while (bytes.hasRemaining()) {
      decoded.add((double) bytes.getFloat());
    }
    List<Double> expected = new ArrayList<>();
    floats.at("/data/0/embedding").forEach(x -> expected.add((double) x.floatValue()));
    assertThat(decoded).isEqualTo(expected);
  }

  @Test
  void tokenArraysAreAcceptedAndCountedPerToken() {
    server.respondByDefault(FakeResponse.embeddings(3));

    JsonNode answer = embed("{\"model\":\"e\",\"input\":[[1,2,3],[4,5]]}");

    assertThat(answer.get("data")).hasSize(2);
    assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(5);
  }

  @Test
  void missingInputIs400() {
    Http.Result result = http.post("/embeddings", "{\"model\":\"e\"}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().at("/error/message").asText()).contains("input");
  }

  private JsonNode embed(String body) {
    Http.Result result = http.post("/embeddings", body);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    return result.json();
  }

  private static List<Double> vector(JsonNode answer, int index) {
    List<Double> vector = new ArrayList<>();
    answer.at("/data/" + index + "/embedding").forEach(x -> vector.add(x.asDouble()));
    return vector;
  }
}
