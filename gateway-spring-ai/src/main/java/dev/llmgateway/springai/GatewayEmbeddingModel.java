package dev.llmgateway.springai;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;

/**
 * A Spring AI {@link EmbeddingModel} whose calls go through a {@link GatewayClient}: an embedding
 * alias routes, falls back, is budgeted, cached and recorded like chat; use it with a {@code
 * VectorStore} so that ingestion and queries go through the gateway. The request options' model,
 * when set, replaces the alias; their dimensions are passed on. The response metadata holds the
 * gateway's {@code Route} and {@code Cost} under the keys of {@link GatewayChatModel}.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();
 * float[] vector = embeddings.embed("hello");
 * }</pre>
 *
 * <p>Thread-safe; as long-lived as the client, which it does not close.
 */
public final class GatewayEmbeddingModel implements EmbeddingModel {
  private final GatewayClient gateway;
  private final String model;
  private final Supplier<RequestContext> context;

  private GatewayEmbeddingModel(Builder b) {
    if (b.gateway == null) {
      throw new IllegalArgumentException("gateway must be set");
    }
    if (b.model == null || b.model.isBlank()) {
      throw new IllegalArgumentException("model (the gateway alias) must be set and not blank");
    }
    this.gateway = b.gateway;
    this.model = b.model;
    this.context = b.context;
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
   * Embeds the request's texts in one gateway call.
   *
   * @param request the texts and options
   * @return one embedding per text, in order, with usage, route and cost in the metadata
   * @throws dev.llmgateway.error.GatewayException as the gateway throws it
   */
  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    var options = request.getOptions();
    String name =
        options != null && options.getModel() != null && !options.getModel().isBlank()
            ? options.getModel()
            : model;
    RequestContext c = context.get();
    var gatewayRequest =
        dev.llmgateway.model.EmbeddingRequest.of(name, request.getInstructions())
            .withContext(c == null ? RequestContext.EMPTY : c);
    if (options != null && options.getDimensions() != null) {
      gatewayRequest =
          new dev.llmgateway.model.EmbeddingRequest(
              gatewayRequest.model(),
              gatewayRequest.inputs(),
              options.getDimensions(),
              gatewayRequest.endUser(),
              gatewayRequest.context(),
              gatewayRequest.options(),
              gatewayRequest.extraParams());
    }
    var response = gateway.embed(gatewayRequest);
    List<Embedding> out = new ArrayList<>();
    for (var e : response.embeddings()) {
      out.add(new Embedding(e.vector(), e.index()));
    }
    return new EmbeddingResponse(
        out,
        new EmbeddingResponseMetadata(
            response.model(),
            Mapping.usage(response.usage()),
            Map.of(Mapping.ROUTE, response.route(), Mapping.COST, response.cost())));
  }

  /**
   * Embeds a document's content.
   *
   * @param document the document
   * @return its vector
   * @throws dev.llmgateway.error.GatewayException as the gateway throws it
   */
  @Override
  public float[] embed(Document document) {
    return embed(getEmbeddingContent(document));
  }

  @Override
  public String toString() {
    return "GatewayEmbeddingModel{model=" + model + "}";
  }

  /** Builds a {@link GatewayEmbeddingModel}. */
  public static final class Builder {
    private GatewayClient gateway;
    private String model;
    private Supplier<RequestContext> context = () -> RequestContext.EMPTY;

    private Builder() {}

    /**
     * The client the calls go through. Required.
     *
     * @param gateway the client
     * @return this builder
     */
    public Builder gateway(GatewayClient gateway) {
      this.gateway = Objects.requireNonNull(gateway, "gateway");
      return this;
    }

    /**
     * The gateway embedding alias (or {@code provider/model}). Required.
     *
     * @param model the alias
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
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
      this.context = () -> context;
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
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalArgumentException if the gateway or the model is missing
     */
    public GatewayEmbeddingModel build() {
      return new GatewayEmbeddingModel(this);
    }
  }
}
