package dev.llmgateway.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link EmbeddingModel} whose calls go through a {@link GatewayClient}: an embedding
 * alias routes, falls back, is budgeted, cached and recorded like chat. Use it for LangChain4j's
 * RAG (an {@code EmbeddingStoreIngestor} and an {@code EmbeddingStoreContentRetriever}), so that
 * ingestion and queries go through the gateway too.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();
 * }</pre>
 *
 * <p>Thread-safe; as long-lived as the client, which it does not close.
 */
public final class GatewayEmbeddingModel implements EmbeddingModel {
  private final Settings settings;

  private GatewayEmbeddingModel(Settings settings) {
    this.settings = settings;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Embeds the segments' texts in one gateway call.
   *
   * @param segments the segments
   * @return one embedding per segment, in order, with the input token count
   * @throws dev.llmgateway.error.GatewayException as the gateway throws it
   */
  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    if (segments.isEmpty()) {
      return Response.from(List.of());
    }
    List<String> texts = new ArrayList<>(segments.size());
    for (TextSegment s : segments) {
      texts.add(s.text());
    }
    EmbeddingResponse response =
        settings
            .gateway()
            .embed(
                EmbeddingRequest.of(settings.model(), texts).withContext(settings.callContext()));
    List<Embedding> out = new ArrayList<>(texts.size());
    for (dev.llmgateway.model.Embedding e : response.embeddings()) {
      out.add(Embedding.from(e.vector()));
    }
    return Response.from(out, Requests.tokens(response.usage()));
  }

  /**
   * The alias.
   *
   * @return the gateway alias the embeddings are asked of
   */
  @Override
  public String modelName() {
    return settings.model();
  }

  /**
   * {@link ModelProvider#OTHER}: the gateway picks the provider per call.
   *
   * @return {@code OTHER}
   */
  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  @Override
  public String toString() {
    return "GatewayEmbeddingModel{model=" + settings.model() + "}";
  }

  /** Builds a {@link GatewayEmbeddingModel}. */
  public static final class Builder {
    private final Settings.Parts parts = new Settings.Parts();

    private Builder() {}

    /**
     * The client the calls go through. Required.
     *
     * @param gateway the client
     * @return this builder
     */
    public Builder gateway(GatewayClient gateway) {
      parts.gateway = Objects.requireNonNull(gateway, "gateway");
      return this;
    }

    /**
     * The gateway embedding alias (or {@code provider/model}). Required.
     *
     * @param model the alias
     * @return this builder
     */
    public Builder model(String model) {
      parts.model = model;
      return this;
    }

    /**
     * The attribution of every call. Defaults to {@link RequestContext#EMPTY}.
     *
     * @param context the attribution
     * @return this builder
     */
    public Builder context(RequestContext context) {
      Objects.requireNonNull(context, "context");
      parts.context = () -> context;
      return this;
    }

    /**
     * The attribution of each call, asked on the calling thread. Defaults to {@link
     * RequestContext#EMPTY}.
     *
     * @param context gives the attribution; {@code null} from it means none
     * @return this builder
     */
    public Builder context(Supplier<RequestContext> context) {
      parts.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalArgumentException if the gateway or the model is missing
     */
    public GatewayEmbeddingModel build() {
      return new GatewayEmbeddingModel(parts.build());
    }
  }
}
