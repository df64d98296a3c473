package dev.llmgateway.provider.bedrock;

import dev.llmgateway.model.EmbeddingRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The InvokeModel bodies of the embedding models and the reading of their answers.
 *
 * <ul>
 *   <li>Titan Text Embeddings (v2): one call per input, {@code {"inputText", "dimensions",
 *       "normalize": true}}; the answer's {@code embedding} and {@code inputTextTokenCount}.
 *   <li>Cohere Embed: one call for all inputs, {@code {"texts": [...], "input_type":
 *       "search_document"}}; the answer's {@code embeddings} (or {@code embeddings.float}), and the
 *       input token count from the {@code X-Amzn-Bedrock-Input-Token-Count} header.
 * </ul>
 *
 * <p>The request's {@code extraParams} are added to every body and win over these defaults (so
 * {@code input_type: search_query} or {@code normalize: false} can be set per call).
 */
final class Embeddings {
  /** The header in which Bedrock reports the input tokens of an InvokeModel call. */
  static final String INPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Input-Token-Count";

  private Embeddings() {}

  static String titanBody(EmbeddingRequest request, String input) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("inputText", input);
    if (request.dimensions() != null) {
      body.put("dimensions", request.dimensions());
    }
    body.put("normalize", true);
    body.putAll(request.extraParams());
    return Documents.toJson(Documents.fromValue(body));
  }

  static String cohereBody(EmbeddingRequest request) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("texts", request.inputs());
    body.put("input_type", "search_document");
    body.putAll(request.extraParams());
    return Documents.toJson(Documents.fromValue(body));
  }

  /** A Titan answer's vector and token count. */
  record Titan(float[] vector, long tokens) {}

  static Titan titan(String json) {
    JsonNode root = Documents.parseNode(json);
    JsonNode embedding =
        root.field("embedding").orElseThrow(() -> new IllegalStateException("no embedding"));
    long tokens =
        root.field("inputTextTokenCount").map(n -> Long.parseLong(n.asNumber())).orElse(0L);
    return new Titan(vector(embedding), tokens);
  }

  static List<float[]> cohere(String json) {
    JsonNode root = Documents.parseNode(json);
    JsonNode embeddings =
        root.field("embeddings").orElseThrow(() -> new IllegalStateException("no embeddings"));
    if (embeddings.isObject()) {
      embeddings =
          embeddings
              .field("float")
              .orElseThrow(() -> new IllegalStateException("no float embeddings"));
    }
    List<float[]> vectors = new ArrayList<>();
    for (JsonNode vector : embeddings.asArray()) {
      vectors.add(vector(vector));
    }
    return vectors;
  }

  private static float[] vector(JsonNode array) {
    List<JsonNode> values = array.asArray();
    float[] vector = new float[values.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = Float.parseFloat(values.get(i).asNumber());
    }
    return vector;
  }
}
