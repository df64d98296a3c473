/**
 * Spring Boot auto-configuration of the LLM gateway: a {@link dev.llmgateway.GatewayClient} bean
 * from {@code llm.gateway.*} properties ({@link
 * dev.llmgateway.spring.boot.SpringEnvironmentConfigSource}), Micrometer metrics and observations,
 * an Actuator health indicator and endpoint. See {@code docs/spring-boot.md}.
 */
@NullMarked
package dev.llmgateway.spring.boot;

import org.jspecify.annotations.NullMarked;
