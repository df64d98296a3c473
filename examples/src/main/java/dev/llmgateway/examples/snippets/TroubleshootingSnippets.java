package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatRequest;

/** The snippets of docs/troubleshooting.md. */
final class TroubleshootingSnippets {
  private TroubleshootingSnippets() {}

  static void attempts(GatewayClient gateway, ChatRequest request) {
    // snippet: troubleshooting-attempts
    System.out.println(gateway.explain(request)); // the plan, without calling anyone
    try {
      gateway.chat(request);
    } catch (AllTargetsFailedException e) {
      for (Attempt a : e.attempts()) {
        System.out.println(a.target() + "#" + a.keyId() + ": " + a.errorKind() + " " + a.error());
      }
    }
    // end snippet: troubleshooting-attempts
  }
}
