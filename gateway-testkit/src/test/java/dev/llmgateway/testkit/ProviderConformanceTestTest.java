package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs the conformance suite against small in-memory providers and checks what it reports. */
class ProviderConformanceTestTest {

  @Test
  void aStandaloneProviderPassesWhatItRunsAndIsSkippedWithItsReasonsElsewhere() {
    Map<String, Outcome> outcomes = run(CorrectStandalone.class);

    assertThat(outcomes).hasSize(35);
    assertThat(outcomes.get("answersAPlainCallWithTextStopModelProviderNameAndUsage").status())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(
            outcomes.get("streamsTheAnswerInSeveralChunksWithStopAndUsageOnTheLastChunk").status())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(outcomes.get("failsTheNextReadOfAStreamCancelledBetweenChunks").status())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(outcomes.get("mapsRateLimitToRateLimitedWithRetryAfter").status())
        .isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(outcomes.get("mapsRateLimitToRateLimitedWithRetryAfter").message())
        .endsWith("CorrectStandalone opts out of RATE_LIMIT: no wire to script on");
    assertThat(outcomes.get("streamsTheSpeechAudioAndMapsSpeechErrors").status())
        .isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(outcomes.get("streamsTheSpeechAudioAndMapsSpeechErrors").message())
        .endsWith(
            "CorrectStandalone: capabilities('conformance-model').speech() is false, so the"
                + " provider declares it lacks this");
    assertThat(
            outcomes
                .get("sendsReasoningAndReturnsThinkingApartFromTheTextPlainStreamedAndReplayed")
                .message())
        .as("a provider whose capabilities lack reasoning is skipped with that reason")
        .endsWith("CorrectStandalone declares no reasoning for model conformance-model");
    assertThat(outcomes.get("sendsCacheMarkersAndReportsCacheReadsAndWritesPlainAndStreamed"))
        .isEqualTo(
            new Outcome(
                TestExecutionResult.Status.ABORTED,
                "Assumption failed: CorrectStandalone declares no prompt caching for model"
                    + " conformance-model"));
    assertThat(outcomes.values())
        .extracting(Outcome::status)
        .doesNotContain(TestExecutionResult.Status.FAILED);
  }

  @Test
  void aStandaloneProviderThatForgetsAnOptOutFailsThatScenarioSayingHowToOptOut() {
    Map<String, Outcome> outcomes = run(ForgetfulStandalone.class);

    Outcome deadline = outcomes.get("endsAStalledStreamWithTimeoutSoonAfterItsDeadline");
    assertThat(deadline.status()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(deadline.message())
        .contains("DEADLINE scripts the answer on the FakeLlmServer")
        .contains("Conformance.standalone().without(ConformanceScenario.DEADLINE");
  }

  @Test
  void aStreamThatEndsSilentlyAfterCloseFailsTheSuite() {
    Map<String, Outcome> outcomes = run(SilentAfterClose.class);

    Outcome closed =
        outcomes.get("failsTheNextReadOfAStreamClosedBetweenChunksAndClosesTwiceQuietly");
    assertThat(closed.status()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(closed.message()).contains("the stream was closed").contains("null (a proper end)");
    assertThat(outcomes.get("answersAPlainCallWithTextStopModelProviderNameAndUsage").status())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void anOptOutNeedsAReason() {
    assertThatThrownBy(
            () -> Conformance.fakeLlmServer().without(ConformanceScenario.TOOL_CALLS, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TOOL_CALLS");
  }

  @Test
  void anOptOutIsReportedAndReplacesAnEarlierReason() {
    Conformance conformance =
        Conformance.standalone()
            .without(ConformanceScenario.DEADLINE, "first")
            .without(ConformanceScenario.DEADLINE, " answers at once ");

    assertThat(conformance.servedByFakeLlmServer()).isFalse();
    assertThat(conformance.runs(ConformanceScenario.DEADLINE)).isFalse();
    assertThat(conformance.optOutReason(ConformanceScenario.DEADLINE)).hasValue("answers at once");
    assertThat(conformance.optOutReason(ConformanceScenario.STREAMING)).isEmpty();
    assertThat(conformance.scenarios())
        .doesNotContain(ConformanceScenario.DEADLINE)
        .contains(ConformanceScenario.STREAMING);
    assertThat(conformance.toString()).contains("standalone").contains("answers at once");
  }

  record Outcome(TestExecutionResult.Status status, String message) {}

  private static Map<String, Outcome> run(Class<?> testClass) {
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
        new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier test, String reason) {
            record(test, new Outcome(TestExecutionResult.Status.ABORTED, reason));
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            String message = result.getThrowable().map(Throwable::getMessage).orElse("");
            record(test, new Outcome(result.getStatus(), String.valueOf(message)));
          }

          private void record(TestIdentifier test, Outcome outcome) {
            test.getSource()
                .filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast)
                .ifPresent(source -> outcomes.put(source.getMethodName(), outcome));
          }
        });
    return outcomes;
  }

  /** Answers {@link ProviderConformanceTest#ANSWER} word by word; optionally ends silently. */
  static final class TableProvider implements Provider {
    private final boolean silentAfterClose;

    TableProvider(boolean silentAfterClose) {
      this.silentAfterClose = silentAfterClose;
    }

    @Override
    public String name() {
      return "table";
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.CHAT_ONLY;
    }

    @Override
    public ChatResponse chat(ChatRequest request, ProviderCall call) {
      checkNotCancelled(request, call);
      return ChatResponse.of(
          "t-1",
          name(),
          request.model(),
          ProviderConformanceTest.ANSWER,
          List.of(),
          FinishReason.STOP,
          Usage.of(5, 12));
    }

    @Override
    public ChunkStream stream(ChatRequest request, ProviderCall call) {
      checkNotCancelled(request, call);
      List<ChatChunk> chunks = new ArrayList<>();
      String[] words = ProviderConformanceTest.ANSWER.split(" ");
      for (int i = 0; i < words.length; i++) {
        chunks.add(ChatChunk.text(i == 0 ? words[i] : " " + words[i]));
      }
      chunks.add(new ChatChunk(null, null, "", List.of(), FinishReason.STOP, Usage.of(5, 12)));
      return new ChunkStream() {
        private int next;
        private volatile boolean closed;

        @Override
        public @Nullable ChatChunk next() {
          if (closed) {
            if (silentAfterClose) {
              return null;
            }
            throw new ProviderException(ErrorKind.NETWORK, name(), request.model(), "closed", null);
          }
          checkNotCancelled(request, call);
          return next < chunks.size() ? chunks.get(next++) : null;
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }

    private void checkNotCancelled(ChatRequest request, ProviderCall call) {
      if (call.cancellation().isCancelled()) {
        throw new ProviderException(ErrorKind.NETWORK, name(), request.model(), "cancelled", null);
      }
    }
  }

  /** A standalone subject; subclasses choose the provider and the opt-outs. */
  abstract static class StandaloneSubject extends ProviderConformanceTest {
    @Override
    protected ProviderFactory factory() {
      return new ProviderFactory() {
        @Override
        public String type() {
          return "table";
        }

        @Override
        public Provider create(ProviderSettings settings) {
          return new TableProvider(silentAfterClose());
        }
      };
    }

    @Override
    protected ProviderSettings settings(FakeLlmServer server) {
      return ProviderSettings.builder("table", "table").build();
    }

    boolean silentAfterClose() {
      return false;
    }

    static Conformance withoutServerScenarios() {
      Conformance conformance = Conformance.standalone();
      for (ConformanceScenario scenario : EnumSet.allOf(ConformanceScenario.class)) {
        if (scenario.needsFakeLlmServer()) {
          conformance = conformance.without(scenario, "no wire to script on");
        }
      }
      return conformance;
    }
  }

  static final class CorrectStandalone extends StandaloneSubject {
    @Override
    protected Conformance conformance() {
      return withoutServerScenarios();
    }
  }

  static final class ForgetfulStandalone extends StandaloneSubject {
    @Override
    protected Conformance conformance() {
      return Conformance.standalone();
    }
  }

  static final class SilentAfterClose extends StandaloneSubject {
    @Override
    protected Conformance conformance() {
      return withoutServerScenarios();
    }

    @Override
    boolean silentAfterClose() {
      return true;
    }
  }
}
