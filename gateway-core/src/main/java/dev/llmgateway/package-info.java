/**
 * The gateway's public API: {@link dev.llmgateway.GatewayClient} and its builder, the streaming
 * types ({@link dev.llmgateway.ChatStream}, {@link dev.llmgateway.StreamHandler}), the extension
 * points ({@link dev.llmgateway.Interceptor}, {@link dev.llmgateway.GatewayEventListener}) and the
 * values they see. Requests and responses are the records of {@code dev.llmgateway.model}; errors
 * are the unchecked tree of {@code dev.llmgateway.error}.
 */
@NullMarked
package dev.llmgateway;

import org.jspecify.annotations.NullMarked;
