package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.Embedding;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsTest extends OpenAiTestSupport {

  @Test
  void sendsEmbeddingsAndReadsVectorsInInputOrder() {
    server.enqueue(
        json(
            200,
            """
            {
              "object": "list",
              "data": [
                {"object": "embedding", "index": 1, "embedding": [0.25, -0.5, 0.125]},
                {"object": "embedding", "index": 0, "embedding": [-0.0069292834, 0.0053364807, 1]}
              ],
              "model": "text-embedding-3-small",
              "usage": {"prompt_tokens": 8, "total_tokens": 8}
            }
            """));
    EmbeddingRequest request =
        new EmbeddingRequest(
            "text-embedding-3-small",
            List.of("first text", "second text"),
            3,
            "user-7",
            RequestContext.EMPTY,
            CallOptions.DEFAULT,
            Map.of());

    EmbeddingResponse response = provider.embed(request, call());

    assertRequest(
        "/v1/embeddings",
        "application/json",
        """
        {"model":"text-embedding-3-small","input":["first text","second text"],
         "dimensions":3,"user":"user-7","encoding_format":"float"}
        """);
    assertThat(response.provider()).isEqualTo("openai-main");
    assertThat(response.model()).isEqualTo("text-embedding-3-small");
    assertThat(response.embeddings())
        .containsExactly(
            new Embedding(0, new float[] {-0.0069292834f, 0.0053364807f, 1f}),
            new Embedding(1, new float[] {0.25f, -0.5f, 0.125f}));
    assertThat(response.usage()).isEqualTo(Usage.of(8, 0));
  }

  @Test
  void omitsOptionalEmbeddingFields() {
    server.enqueue(
        json(
            200,
            "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                + "\"embedding\":[0.5]}],\"model\":\"text-embedding-3-large\","
                + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"));
    provider.embed(EmbeddingRequest.of("text-embedding-3-large", List.of("hi")), call());
    assertRequest(
        "/v1/embeddings",
        "application/json",
        "{\"model\":\"text-embedding-3-large\",\"input\":[\"hi\"],\"encoding_format\":\"float\"}");
  }

  @Test
  void reportsEmbeddingsWithoutData() {
    server.enqueue(json(200, "{\"object\":\"list\",\"model\":\"text-embedding-3-small\"}"));
    assertThatThrownBy(
            () ->
                provider.embed(
                    EmbeddingRequest.of("text-embedding-3-small", List.of("hi")), call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE));
  }

  @Test
  void mapsEmbeddingErrors() {
    server.enqueue(
        json(
            400,
            "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens, however"
                + " you requested 9000 tokens.\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":null}}"));
    assertThatThrownBy(
            () ->
                provider.embed(
                    EmbeddingRequest.of("text-embedding-3-small", List.of("hi")), call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED));
  }
}
