/**
 * The gateway as an HTTP process: OpenAI's and Anthropic's wire formats served over {@link
 * dev.llmgateway.GatewayClient}, with tenant API keys, usage, metrics and a dashboard. Start it
 * with {@code java -jar gateway-server.jar --config gateway.yaml} ({@link
 * dev.llmgateway.server.Main}) or embed it with {@link dev.llmgateway.server.GatewayServer}; see
 * {@code docs/server.md}.
 */
@NullMarked
package dev.llmgateway.server;

import org.jspecify.annotations.NullMarked;
