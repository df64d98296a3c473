/**
 * HTTP plumbing shared by the HTTP-based provider adapters: one tuned {@link okhttp3.OkHttpClient}
 * ({@link dev.llmgateway.provider.http.HttpClients}), a blocking Server-Sent Events reader ({@link
 * dev.llmgateway.provider.http.SseReader}) and a base for SSE-backed chunk streams ({@link
 * dev.llmgateway.provider.http.SseChunkStream}), call execution with deadline and cancellation
 * ({@link dev.llmgateway.provider.http.HttpTransport}), HTTP status and body to {@link
 * dev.llmgateway.error.ProviderException} mapping ({@link
 * dev.llmgateway.provider.http.HttpErrorMapper}), a shared JSON codec ({@link
 * dev.llmgateway.provider.http.Json}) and secret-safe logging ({@link
 * dev.llmgateway.provider.http.Redaction}).
 */
@NullMarked
package dev.llmgateway.provider.http;

import org.jspecify.annotations.NullMarked;
