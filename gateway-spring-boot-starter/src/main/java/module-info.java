/**
 * Spring Boot auto-configuration of the LLM gateway (see {@code docs/spring-boot.md}).
 *
 * <p>Spring's jars are automatic modules ({@code spring.boot}, {@code spring.context}...). The
 * package is opened so that Spring can create the auto-configuration classes and call their bean
 * methods reflectively when the application runs on the module path; on the class path (as most
 * Spring Boot applications run) this descriptor is ignored. Actuator and the health module are
 * optional ({@code requires static}): without them the client is still configured.
 */
@SuppressWarnings("requires-transitive-automatic")
open module dev.llmgateway.spring.boot {
  requires transitive dev.llmgateway.core;
  requires transitive dev.llmgateway.micrometer;
  requires transitive spring.core;
  requires transitive spring.beans;
  requires transitive spring.context;
  requires spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires static transitive spring.boot.health;
  requires static transitive spring.boot.actuator;
  requires static transitive spring.boot.actuator.autoconfigure;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports dev.llmgateway.spring.boot;
}
