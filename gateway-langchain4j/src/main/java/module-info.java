/**
 * LangChain4j chat, streaming chat and embedding models backed by the LLM gateway (see {@code
 * docs/langchain4j.md}).
 *
 * <p>langchain4j-core's jar declares no module name: {@code langchain4j.core} is the name derived
 * from its file name, as for jtokkit in gateway-core. LangChain4j applications usually run on the
 * class path, where this descriptor is ignored.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.llmgateway.langchain4j {
  requires transitive dev.llmgateway.core;
  requires transitive langchain4j.core;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports dev.llmgateway.langchain4j;
}
