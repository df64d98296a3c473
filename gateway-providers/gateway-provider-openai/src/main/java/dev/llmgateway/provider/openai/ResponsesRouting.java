package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link dev.llmgateway.spi.EndpointMode#AUTO} decision for the Responses endpoint: a request
 * goes there when its model is Responses-only by name ({@link OpenAiModels#responsesOnly}) or was
 * found to be so, or when it continues or stores a Responses state ({@code previousResponseId},
 * {@code store(true)}). A chat call whose answer says the model is served only by the Responses
 * endpoint (HTTP 400 or 404 with "only supported in v1/responses" or "only available in the
 * Responses API") moves there, and the model is remembered. Only profiles with a Responses endpoint
 * ({@link OpenAiModels#RESPONSES_PROFILES}) take part.
 *
 * <p>Thread-safe. The memory is bounded to {@value #MAX_MODELS} models; past that an arbitrary
 * entry is forgotten, which costs one more chat attempt for that model, never a wrong answer.
 */
final class ResponsesRouting {
  /** The most models remembered as Responses-only. */
  static final int MAX_MODELS = 1024;

  private static final String[] PHRASES = {
    "only supported in v1/responses", "only available in the responses api",
  };

  private final boolean enabled;
  private final Set<String> responsesOnly = ConcurrentHashMap.newKeySet();

  ResponsesRouting(OpenAiProfile profile) {
    this.enabled = OpenAiModels.RESPONSES_PROFILES.contains(profile.name());
  }

  /** Whether AUTO sends this request to the Responses endpoint. */
  boolean prefersResponses(ChatRequest request) {
    if (!enabled) {
      return false;
    }
    return request.previousResponseId() != null
        || request.store()
        || OpenAiModels.responsesOnly(request.model())
        || responsesOnly.contains(request.model());
  }

  /**
   * Whether a chat failure says the model is served only by the Responses endpoint; if so, the
   * model is remembered.
   */
  boolean switchesToResponses(String model, ProviderException e) {
    if (!enabled) {
      return false;
    }
    int status = e.httpStatus().orElse(0);
    if (status != 400 && status != 404) {
      return false;
    }
    String said = CompletionsFallback.said(e).toLowerCase(Locale.ROOT);
    for (String phrase : PHRASES) {
      if (said.contains(phrase)) {
        remember(model);
        return true;
      }
    }
    return false;
  }

  private void remember(String model) {
    if (responsesOnly.size() >= MAX_MODELS) {
      Iterator<String> any = responsesOnly.iterator();
      if (any.hasNext()) {
        any.next();
        any.remove();
      }
    }
    responsesOnly.add(model);
  }
}
