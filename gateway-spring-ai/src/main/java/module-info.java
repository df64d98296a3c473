/**
 * Spring AI chat and embedding models backed by the LLM gateway (see {@code docs/spring-ai.md}).
 *
 * <p>Spring AI's jars declare no module name: {@code spring.ai.model} and {@code spring.ai.commons}
 * are the names derived from their file names; Spring's and Reactor's jars name themselves. Spring
 * AI applications usually run on the class path, where this descriptor is ignored.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.llmgateway.springai {
  requires transitive dev.llmgateway.core;
  requires transitive spring.ai.model;
  requires transitive spring.ai.commons;
  requires transitive reactor.core;
  requires spring.core;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports dev.llmgateway.springai;
}
