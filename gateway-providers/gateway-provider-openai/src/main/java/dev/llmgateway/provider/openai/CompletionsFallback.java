package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ProviderException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link dev.llmgateway.spi.EndpointMode#AUTO} decision: which errors mean "this endpoint or
 * model does not do chat, use the Completions endpoint", and which models were already found to be
 * completion-only.
 *
 * <p>A compatibility error is an HTTP 400 or 404 whose message says so ("This is not a chat model",
 * "not supported in the v1/chat/completions endpoint", "Did you mean to use v1/completions?", "does
 * not support chat"), or a 404 with no error code whose body is empty or a bare "not found" that
 * does not mention a model (a server without the chat path at all). Nothing else moves to
 * Completions: not 429, not 5xx, not authentication, not an unknown model.
 *
 * <p>Thread-safe. The memory is bounded to {@value #MAX_MODELS} models; past that an arbitrary
 * entry is forgotten, which costs one more chat attempt for that model, never a wrong answer.
 */
final class CompletionsFallback {
  /** The most models remembered as completion-only. */
  static final int MAX_MODELS = 1024;

  private static final String[] PHRASES = {
    "not a chat model",
    "not supported in the v1/chat/completions endpoint",
    "did you mean to use v1/completions",
    "does not support chat"
  };

  private final Set<String> completionOnly = ConcurrentHashMap.newKeySet();

  /** Whether the model was found to be completion-only. */
  boolean isCompletionOnly(String model) {
    return completionOnly.contains(model);
  }

  /** Remembers that the model is completion-only. */
  void remember(String model) {
    if (completionOnly.size() >= MAX_MODELS) {
      Iterator<String> any = completionOnly.iterator();
      if (any.hasNext()) {
        any.next();
        any.remove();
      }
    }
    completionOnly.add(model);
  }

  /** Whether a chat failure says that chat is not supported here (see the class comment). */
  static boolean isCompatibilityError(ProviderException e) {
    int status = e.httpStatus().orElse(0);
    if (status != 400 && status != 404) {
      return false;
    }
    String said = said(e).toLowerCase(Locale.ROOT);
    for (String phrase : PHRASES) {
      if (said.contains(phrase)) {
        return true;
      }
    }
    return status == 404
        && e.providerCode().isEmpty()
        && (said.isEmpty() || (said.contains("not found") && !said.contains("model")));
  }

  /**
   * What the provider said, without the prefix {@link dev.llmgateway.provider.http.HttpErrorMapper}
   * puts before it ({@code Provider 'p' (model 'm') answered HTTP 404 (code): }), so that the model
   * named in the prefix is not mistaken for one named by the server.
   */
  static String said(ProviderException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String marker = " answered HTTP " + e.httpStatus().orElse(0);
    int at = message.indexOf(marker);
    if (at < 0) {
      return message;
    }
    int rest = at + marker.length();
    String code = e.providerCode().orElse(null);
    if (code != null && message.startsWith(" (" + code + ")", rest)) {
      rest += code.length() + 3;
    }
    return message.startsWith(": ", rest) ? message.substring(rest + 2) : "";
  }

  @Override
  public String toString() {
    return "CompletionsFallback[" + completionOnly.size() + " completion-only models]";
  }
}
