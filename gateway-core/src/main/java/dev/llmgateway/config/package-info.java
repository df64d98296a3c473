/**
 * Declarative configuration: a YAML or JSON file that says everything {@link
 * dev.llmgateway.GatewayClient.Builder} can say with values (providers and key pools, aliases,
 * rules, retries, circuit breakers, cache, quotas, budgets, prices, usage sinks), read into a
 * validated {@link dev.llmgateway.config.GatewayConfig} and applied onto a builder. Secrets appear
 * in a file only as references ({@code ${env:NAME}}, {@code ${file:/path}}, or a scheme of a {@link
 * dev.llmgateway.config.SecretResolver}). Java objects (routing hooks, custom strategies,
 * listeners, interceptors, custom sinks and stores) are added in code.
 */
@NullMarked
package dev.llmgateway.config;

import org.jspecify.annotations.NullMarked;
