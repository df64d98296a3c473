/**
 * The test kit: a scriptable fake LLM server speaking the OpenAI, Anthropic and Bedrock wire
 * formats, a fake clock, and the provider conformance suite.
 */
module dev.llmgateway.testkit {
  requires transitive dev.llmgateway.spi;
  requires static transitive org.jspecify;
  requires transitive mockwebserver3;
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  // Optional: only the JUnit parts (the conformance suite, the server extension) need it, and
  // whoever uses them has JUnit already. Not transitive: a module that reads this one must compile
  // without JUnit.
  requires static org.junit.jupiter.api;

  exports dev.llmgateway.testkit;

  // JUnit runs the conformance suite's inherited test methods reflectively.
  opens dev.llmgateway.testkit to
      org.junit.platform.commons;
}
