package dev.llmgateway.examples.integrations.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.micrometer.MicrometerGatewayListener;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.routing.RoutingHook;
import dev.llmgateway.spring.boot.GatewayClientCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The snippets of docs/spring-boot.md. */
final class SpringBootSnippets {

  // snippet: spring-boot-controller
  @RestController
  class AskController {
    private final GatewayClient gateway;

    AskController(GatewayClient gateway) {
      this.gateway = gateway;
    }

    @GetMapping("/ask")
    String ask(@RequestParam String question) {
      return gateway.chat(ChatRequest.builder().model("assistant").user(question).build()).text();
    }
  }

  // end snippet: spring-boot-controller

  // snippet: spring-boot-own-client
  @Bean(destroyMethod = "close")
  GatewayClient gatewayClient(MeterRegistry meters, ObservationRegistry observations) {
    return GatewayClient.builder()
        .eventListener(
            MicrometerGatewayListener.builder(meters).observationRegistry(observations).build())
        .configSource(ConfigSource.file(Path.of("gateway.yaml")))
        .build();
  }

  // end snippet: spring-boot-own-client

  // snippet: spring-boot-customizer
  @Bean
  GatewayClientCustomizer routing(RoutingHook hook) {
    return builder -> builder.routingHook(hook);
  }
  // end snippet: spring-boot-customizer
}
