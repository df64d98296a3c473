/**
 * LangChain4j models backed by the LLM gateway: {@link
 * dev.llmgateway.langchain4j.GatewayChatModel}, {@link
 * dev.llmgateway.langchain4j.GatewayStreamingChatModel} and {@link
 * dev.llmgateway.langchain4j.GatewayEmbeddingModel}. See {@code docs/langchain4j.md}.
 */
@NullMarked
package dev.llmgateway.langchain4j;

import org.jspecify.annotations.NullMarked;
