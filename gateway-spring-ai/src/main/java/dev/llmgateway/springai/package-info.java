/**
 * Spring AI models backed by the LLM gateway: {@link dev.llmgateway.springai.GatewayChatModel}
 * (call and a streaming {@code Flux}, usable from {@code ChatClient}) and {@link
 * dev.llmgateway.springai.GatewayEmbeddingModel}. See {@code docs/spring-ai.md}.
 */
@NullMarked
package dev.llmgateway.springai;

import org.jspecify.annotations.NullMarked;
