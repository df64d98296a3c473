package dev.llmgateway.examples.integrations.springboot;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Answers questions through the gateway alias {@code assistant}. */
@RestController
class AskController {
  private final GatewayClient gateway;

  AskController(GatewayClient gateway) {
    this.gateway = gateway;
  }

  /**
   * One answer, with which target gave it and what it cost.
   *
   * @param question the question
   * @param tenant who asks, for budgets and cost reports
   * @return the answer, the target, the attempts and the cost in USD
   */
  @GetMapping("/ask")
  Map<String, Object> ask(
      @RequestParam String question, @RequestParam(defaultValue = "demo") String tenant) {
    ChatResponse answer =
        gateway.chat(
            ChatRequest.builder()
                .model("assistant")
                .system("Answer in one sentence.")
                .user(question)
                .maxTokens(200)
                .context(RequestContext.tenant(tenant).feature("ask"))
                .build());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("answer", answer.text());
    out.put("target", answer.route().target().toString());
    out.put("attempts", answer.route().attempts().size());
    out.put("costUsd", answer.cost().amount().toUsd().toPlainString());
    return out;
  }
}
