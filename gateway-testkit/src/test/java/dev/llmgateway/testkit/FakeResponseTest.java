package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FakeResponseTest {

  @Test
  void withersReturnCopiesAndLeaveTheOriginalAlone() {
    FakeResponse original = FakeResponse.text("hi");

    FakeResponse changed = original.withToolCall("call_1", "f", "{}").truncateAfter(2);

    assertThat(changed).isNotSameAs(original);
    assertThat(original.toolCalls()).isEmpty();
    assertThat(original.ending()).isEqualTo(FakeResponse.Ending.COMPLETE);
    assertThat(changed.toolCalls()).hasSize(1);
    assertThat(changed)
        .hasToString("FakeResponse{completion, text=\"hi\", toolCall=f{}, truncateAfter=2}");
  }

  @Test
  void laterEndingReplacesEarlierOne() {
    FakeResponse response = FakeResponse.echo().dropConnectionAfter(1).stall();

    assertThat(response.ending()).isEqualTo(FakeResponse.Ending.STALL);
  }

  @Test
  void rejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> FakeResponse.error(42, "t", null, "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("42");
    assertThatThrownBy(() -> FakeResponse.embeddings(0)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> FakeResponse.echo().withChunkSize(0)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> FakeResponse.echo().truncateAfter(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> FakeResponse.echo().withLatency(Duration.ofMillis(-5)))
        .hasMessageContaining("PT-0.005S");
    assertThatThrownBy(() -> FakeResponse.echo().pauseStreamAfter(-2, new CountDownLatch(1)))
        .hasMessageContaining("-2");
    assertThatThrownBy(() -> FakeResponse.echo().withUsage(1, -1, 0, 0))
        .hasMessageContaining("completion=-1");
  }

  @Test
  void rejectsChatOptionsOnNonChatAnswers() {
    assertThatThrownBy(() -> FakeResponse.malformedJson().withToolCall("id", "f", "{}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> FakeResponse.status(502, "x").withFinishReason("stop"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(FakeResponse.embeddings(3).withUsage(7, 0, 0, 0).usage().prompt()).isEqualTo(7);
  }

  @Test
  void wordsAreCountedAsRunsOfNonWhitespace() {
    assertThat(Words.count("")).isZero();
    assertThat(Words.count("  one\ttwo\n three  ")).isEqualTo(3);
  }

  @Test
  void textIsSplitWordByWordWithLeadingWhitespace() {
    assertThat(Words.split("Echo: hi  there ", 0)).containsExactly("Echo:", " hi", "  there", " ");
    assertThat(Words.split(" lead", 0)).containsExactly(" lead");
    assertThat(Words.split("", 0)).isEmpty();
  }

  @Test
  void fixedSizeSplitNeverBreaksASurrogatePair() {
    String text = "a\uD83D\uDE00b";

    assertThat(Words.split(text, 2)).containsExactly("a\uD83D\uDE00", "b");
    assertThat(String.join("", Words.split(text, 1))).isEqualTo(text);
  }

  @Test
  void echoRequestHeadersNeedsAnAnswerWithErrorText() {
    assertThatThrownBy(() -> FakeResponse.text("hi").echoRequestHeaders())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("echoRequestHeaders");
    assertThatThrownBy(() -> FakeResponse.malformedJson().echoRequestHeaders())
        .isInstanceOf(IllegalStateException.class);
    assertThat(FakeResponse.text("hi").failStreamAfter(1, "E", "m").echoRequestHeaders())
        .hasToString("FakeResponse{completion, text=\"hi\", failAfter=1, echoRequestHeaders}");
    assertThat(FakeResponse.status(500, "x").echoRequestHeaders().toString())
        .contains("echoRequestHeaders");
  }
}
