package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import java.util.Optional;

/** The snippets of docs/errors.md. */
final class ErrorSnippets {
  private ErrorSnippets() {}

  static void verdict(GatewayClient gateway, ChatRequest request) {
    // snippet: errors-provider-verdict
    try {
      gateway.chat(request);
    } catch (GatewayException e) {
      Optional<ErrorKind> kind = e.errorKind(); // RATE_LIMITED, UNAVAILABLE, ...
      Optional<String> said = e.providerMessage(); // provider, model, status, its message
      Optional<ProviderException> failure = e.providerFailure(); // httpStatus(), retryAfter(), ...
    }
    // end snippet: errors-provider-verdict
  }
}
