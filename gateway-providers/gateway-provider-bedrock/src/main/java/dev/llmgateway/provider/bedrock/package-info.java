/**
 * The Amazon Bedrock provider: Converse and ConverseStream for chat (Claude, Nova, Llama, Mistral)
 * and InvokeModel for Titan and Cohere embeddings, through the AWS SDK for Java v2. Created by
 * {@link dev.llmgateway.provider.bedrock.BedrockProviderFactory} for providers of type {@code
 * bedrock}; everything else in the package is internal.
 */
@NullMarked
package dev.llmgateway.provider.bedrock;

import org.jspecify.annotations.NullMarked;
