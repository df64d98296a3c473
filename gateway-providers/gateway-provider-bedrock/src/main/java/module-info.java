/**
 * The Amazon Bedrock provider adapter (Converse, ConverseStream, InvokeModel embeddings) on the AWS
 * SDK v2 and its Netty client. It provides the {@code bedrock} {@link
 * dev.llmgateway.spi.ProviderFactory}.
 */
module dev.llmgateway.provider.bedrock {
  requires transitive dev.llmgateway.spi;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.nio.netty;
  requires software.amazon.awssdk.metrics;
  requires software.amazon.awssdk.protocols.jsoncore;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.services.bedrockruntime;
  requires software.amazon.eventstream;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  requires org.reactivestreams;

  exports dev.llmgateway.provider.bedrock;

  provides dev.llmgateway.spi.ProviderFactory with
      dev.llmgateway.provider.bedrock.BedrockProviderFactory;
}
