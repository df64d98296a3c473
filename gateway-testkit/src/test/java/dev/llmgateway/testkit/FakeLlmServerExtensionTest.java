package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeLlmServerExtensionTest {

  @Test
  void serverIsUnavailableOutsideATest() {
    assertThatThrownBy(() -> new FakeLlmServerExtension().server())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("while a test runs");
  }

  @Nested
  @ExtendWith(FakeLlmServerExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class AsParameter {
    private static FakeLlmServer previous;
    private final FakeLlmServer fromConstructor;
    private FakeLlmServer fromBeforeEach;

    AsParameter(FakeLlmServer server) {
      this.fromConstructor = server;
    }

    @BeforeEach
    void setUp(FakeLlmServer server) {
      this.fromBeforeEach = server;
    }

    @Test
    @Order(1)
    void injectsOneRunningServerPerTest(FakeLlmServer server) {
      assertThat(server).isSameAs(fromConstructor).isSameAs(fromBeforeEach);
      try (Http http = new Http(server)) {
        assertThat(http.chatJson(Http.chat("m", false, "hi")).toString()).contains("Echo: hi");
      }
      previous = server;
    }

    @Test
    @Order(2)
    void startsAFreshServerAndClosedThePreviousOne(FakeLlmServer server) {
      assertThat(previous).isNotNull().isNotSameAs(server);
      assertThat(server.requestCount()).isZero();
      try (Http http = new Http(previous)) {
        assertThatThrownBy(() -> http.post("/chat/completions", Http.chat("m", false, "hi")))
            .hasCauseInstanceOf(IOException.class);
      }
    }
  }

  @Nested
  class AsField {
    @RegisterExtension final FakeLlmServerExtension llm = new FakeLlmServerExtension();

    @Test
    void exposesTheTestsServer() {
      llm.server().enqueue(FakeResponse.text("from field"));

      try (Http http = new Http(llm.server())) {
        assertThat(
                http.chatJson(Http.chat("m", false, "hi"))
                    .at("/choices/0/message/content")
                    .asText())
            .isEqualTo("from field");
      }
      assertThat(llm.server().takeRequest().model()).isEqualTo("m");
    }

    @Test
    void resolvesTheSameServerAsAParameter(FakeLlmServer server) {
      assertThat(server).isSameAs(llm.server());
    }
  }
}
