package dev.llmgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String KEY = "fakekey-Q7vX2mLp9RtZ4wKc8NbH3sYd";

  private final Redactor redactor = Redactor.of(List.of(KEY));

  @Test
  void scrubsTheWholeSecret() {
    assertThat(redactor.scrub("Incorrect API key provided: " + KEY + "."))
        .isEqualTo("Incorrect API key provided: [redacted].");
  }

  @Test
  void scrubsEveryFragmentOfEightCharactersOrMore() {
    String fragment = KEY.substring(5, 13); // exactly 8 characters from the middle
    assertThat(redactor.scrub("key ends in " + fragment + " ok"))
        .isEqualTo("key ends in [redacted] ok");
    assertThat(redactor.scrub("cut: " + KEY.substring(0, 20) + "..."))
        .isEqualTo("cut: [redacted]...");
    assertThat(redactor.scrub("masked: " + KEY.substring(0, 8) + "****" + KEY.substring(24)))
        .isEqualTo("masked: [redacted]****[redacted]");
  }

  @Test
  void leavesFragmentsOfSevenCharactersAndOrdinaryTextAlone() {
    String seven = KEY.substring(10, 17);
    assertThat(redactor.scrub("seven " + seven + " chars")).isEqualTo("seven " + seven + " chars");
    String text = "The model gpt-4o-mini is overloaded; try again later.";
    assertThat(redactor.scrub(text)).isSameAs(text);
  }

  @Test
  void mergesOverlappingAndTouchingMatchesIntoOneMarker() {
    assertThat(redactor.scrub(KEY + KEY + " x " + KEY)).isEqualTo("[redacted] x [redacted]");
  }

  @Test
  void scrubsCredentialFormsEvenForUnknownSecrets() {
    assertThat(Redactor.NONE.scrub("sent Authorization: Bearer abcdefgh12345678 here"))
        .isEqualTo("sent Authorization: Bearer [redacted] here");
    assertThat(Redactor.NONE.scrub("token Bearer zyxwvuts98765 was refused"))
        .isEqualTo("token Bearer [redacted] was refused");
    assertThat(Redactor.NONE.scrub("x-api-key: short1, next"))
        .isEqualTo("x-api-key: [redacted], next");
    assertThat(Redactor.NONE.scrub("{\"headers\":{\"X-Api-Key\":\"anthropic-key\",\"a\":1}}"))
        .isEqualTo("{\"headers\":{\"X-Api-Key\":\"[redacted]\",\"a\":1}}");
    assertThat(Redactor.NONE.scrub("<td>api-key=abc123def</td>"))
        .isEqualTo("<td>api-key=[redacted]</td>");
    assertThat(Redactor.NONE.scrub("GET /v1/models?alt=sse&key=AIzaSyA1b2c3&x=1"))
        .isEqualTo("GET /v1/models?alt=sse&key=[redacted]&x=1");
    assertThat(Redactor.NONE.scrub("Bearer tokens are required"))
        .isEqualTo("Bearer tokens are required");
  }

  @Test
  void shortSecretsAreMatchedWholeAndTooShortOnesIgnored() {
    Redactor shorts = Redactor.of(List.of("abc123x", "abc"));
    assertThat(shorts.scrub("k=abc123x; abc123; abc")).isEqualTo("k=[redacted]; abc123; abc");
  }

  @Test
  void scrubsSecretsWithCharactersBeyondLatin1() {
    Redactor wide = Redactor.of(List.of("ключ-секрет-12345"));
    assertThat(wide.scrub("got секрет-1 and ключ-секрет-12345!"))
        .isEqualTo("got [redacted] and [redacted]!");
    assertThat(Redactor.of(List.of("ÿÿÿÿÿÿÿÿÿÿ")).scrub("aÿÿÿÿÿÿÿÿb")).isEqualTo("a[redacted]b");
  }

  @Test
  void scrubsBeforeCuttingSoACutCannotHideASecret() {
    String body = "x".repeat(495) + KEY + " and more";
    String cut = redactor.scrub(body, 500);
    assertThat(cut).isEqualTo("x".repeat(495) + "[reda...");
    assertThat(cut).doesNotContain(KEY.substring(0, 5));
  }

  @Test
  void scansOnlyABoundedPrefixOfAHugeText() {
    String huge = "a".repeat(10_000_000) + KEY;
    String cut = redactor.scrub(huge, 100);
    assertThat(cut).isEqualTo("a".repeat(100) + "...");
    // Secrets early in the text shrink it as they are scrubbed, so text from past the scanned
    // prefix (700 + 256 characters here) moves into the kept part: a secret straddling the end of
    // that prefix must not leave even a short piece there.
    String early = (KEY + " ").repeat(20); // 660 characters, 220 once scrubbed
    for (int at = 930; at <= 955; at++) {
      String text = early + "b".repeat(at - early.length()) + KEY + "c".repeat(1000);
      String out = redactor.scrub(text, 700);
      assertThat(out).endsWith("...").doesNotContain(KEY.substring(0, 3));
      assertNoFragment(out);
    }
  }

  @Test
  void aLargeBodyWithoutASecretIsReturnedAsIs() {
    Redactor many =
        Redactor.of(List.of(KEY, "another-secret-value-0123456789", "FAKEIOSFODNN7EXAMPLE"));
    // ~4 MB of 7-character near misses: every window is looked up, none matches (the scan is one
    // hash lookup per character, so this stays fast; speed itself is not asserted here).
    String body = ("lorem ipsum " + KEY.substring(0, 7) + " ").repeat(200_000);
    String out = many.scrub(body);
    assertThat(out).isSameAs(body);
  }

  @Test
  void keepsACleanFailureAndCopiesOneThatQuotesASecret() {
    IOException clean = new IOException("connection reset");
    assertThat(redactor.scrub(clean)).isSameAs(clean);

    IOException dirty = new IOException("server said Bearer " + KEY);
    dirty.addSuppressed(new IllegalStateException("also " + KEY));
    RuntimeException outer = new RuntimeException("wrapped", dirty);
    Throwable scrubbed = redactor.scrub(outer);
    assertThat(scrubbed).isNotSameAs(outer);
    assertThat(scrubbed.toString()).isEqualTo("java.lang.RuntimeException: wrapped");
    assertThat(scrubbed.getCause().toString())
        .isEqualTo("java.io.IOException: server said Bearer [redacted]");
    assertThat(scrubbed.getCause().getSuppressed()).hasSize(1);
    assertThat(scrubbed.getStackTrace()).isEqualTo(outer.getStackTrace());
    assertNoFragment(printed(scrubbed));
  }

  @Test
  void alwaysCopiesWhenAskedAndSurvivesCycles() {
    IllegalStateException first = new IllegalStateException("first " + KEY);
    IllegalArgumentException second = new IllegalArgumentException("second", first);
    first.addSuppressed(second); // a cycle through suppressed
    Throwable copy = redactor.scrubbedCopy(second);
    assertThat(copy).isNotSameAs(second);
    assertThat(copy.getCause().getMessage()).isEqualTo("first [redacted]");
    assertNoFragment(printed(copy));
    assertThat(redactor.scrubbedCopy(new IOException((String) null)).toString())
        .isEqualTo("java.io.IOException");
  }

  @Test
  void combinesSecretsAndKeys() {
    ProviderKey a = ProviderKey.of("a", Secret.of("first-secret-value"));
    ProviderKey unset =
        ProviderKey.of("b", Secret.env("UNSET_FOR_TEST", Map.<String, String>of()::get));
    Redactor keys = Redactor.forKeys(List.of(a, unset)).and(List.of("second-secret-value"));
    assertThat(keys.scrub("first-secret-value / second-secret-value"))
        .isEqualTo("[redacted] / [redacted]");
    assertThat(keys.toString()).isEqualTo("Redactor[2 secrets]").doesNotContain("secret-value");
    assertThat(keys.and(List.of("first-secret-value"))).isSameAs(keys);
    assertThat(
            Redactor.forKey(a)
                .and(Redactor.of(List.of("third-secret-value")))
                .scrub("third-secret-value"))
        .isEqualTo("[redacted]");
  }

  @Test
  void rejectsANegativeLimit() {
    assertThatThrownBy(() -> redactor.scrub("x", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static void assertNoFragment(String text) {
    for (int i = 0; i + 8 <= KEY.length(); i++) {
      assertThat(text).doesNotContain(KEY.substring(i, i + 8));
    }
  }
}
