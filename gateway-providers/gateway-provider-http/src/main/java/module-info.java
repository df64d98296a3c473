/**
 * HTTP plumbing shared by this project's HTTP provider adapters (OkHttp client, SSE reading, JSON,
 * error mapping, redaction). Not a public API: its package is exported only to those adapters.
 */
// "module": the qualified exports name modules that are built after this one, so javac cannot
// find them here and would warn; a wrong name fails those modules' compilation instead.
@SuppressWarnings("module")
module dev.llmgateway.provider.http {
  requires transitive dev.llmgateway.spi;
  requires static transitive org.jspecify;
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.llmgateway.provider.http to
      dev.llmgateway.provider.openai,
      dev.llmgateway.provider.anthropic;
}
