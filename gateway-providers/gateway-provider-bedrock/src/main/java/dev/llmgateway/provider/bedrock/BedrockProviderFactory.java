package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;

/**
 * Creates providers of type {@code bedrock}: Amazon Bedrock's Converse and ConverseStream APIs for
 * chat and InvokeModel for Titan and Cohere embeddings, through the AWS SDK for Java v2. Found
 * through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * Provider bedrock = new BedrockProviderFactory().create(
 *     ProviderSettings.builder("bedrock", "bedrock")
 *         .option("region", "us-east-1")
 *         .option("crossRegion", "us")          // claude-haiku-4-5 -> us.anthropic.claude-...
 *         .build());                            // no key: the default AWS credentials chain
 * }</pre>
 *
 * <p>Settings:
 *
 * <ul>
 *   <li>{@link ProviderSettings#keys()}: each key's secret is {@code accessKeyId:secretAccessKey}
 *       or {@code accessKeyId:secretAccessKey:sessionToken}, used for the calls that key is picked
 *       for. Without keys the provider uses the {@code profile} option's named profile, else the
 *       default AWS credentials chain (environment, system properties, web identity, shared files,
 *       container and instance roles). Keys are never logged or put into messages.
 *   <li>option {@code region}: the AWS region, such as {@code us-east-1}; defaults to the default
 *       AWS region chain ({@code AWS_REGION}, {@code aws.region}, the shared config file).
 *   <li>option {@code profile}: a named profile of the shared AWS files, for credentials.
 *   <li>option {@code crossRegion}: {@code us}, {@code eu} or {@code apac}; friendly chat model
 *       names are then sent as cross-region inference profile ids ({@code us.} + model id).
 *   <li>{@link ProviderSettings#baseUrl()}: an endpoint override such as {@code
 *       http://127.0.0.1:41234} (tests, VPC endpoints); defaults to the region's Bedrock Runtime
 *       endpoint.
 *   <li>{@link ProviderSettings#connectTimeout()} and {@link ProviderSettings#readTimeout()}: the
 *       HTTP client's connect and read timeouts; {@link ProviderSettings#headers()} are sent with
 *       every request.
 * </ul>
 *
 * <p>Friendly model names ({@code claude-haiku-4-5}, {@code nova-pro}, {@code llama3-3-70b}, {@code
 * mistral-large}, {@code titan-embed-text-v2}, {@code cohere-embed-english-v3} and a few more) map
 * to Bedrock model ids; any other name (a model id, an inference profile id, an ARN) is sent
 * unchanged. The SDK's own retries are off: the gateway retries. Each provider owns one
 * asynchronous Netty HTTP client, which serves plain and streamed calls alike.
 *
 * <p>Stateless and thread-safe.
 */
public final class BedrockProviderFactory implements ProviderFactory {
  /** The type name: {@value}. */
  public static final String TYPE = "bedrock";

  /** Creates the factory; {@link java.util.ServiceLoader} needs this constructor. */
  public BedrockProviderFactory() {}

  /**
   * Returns {@value #TYPE}.
   *
   * @return the type name
   */
  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Creates a Bedrock provider instance with its own SDK client.
   *
   * @param settings the instance's settings
   * @return the provider
   * @throws ConfigurationException if no region can be found, the {@code crossRegion} option is not
   *     {@code us}, {@code eu} or {@code apac}, or the base URL is not a valid URI
   */
  @Override
  public Provider create(ProviderSettings settings) {
    return new BedrockProvider(settings);
  }

  /**
   * Returns {@code false}: without keys the provider uses the {@code profile} option's named
   * profile, else the default AWS credentials chain (environment, system properties, web identity,
   * shared files, container and instance roles), which the SDK resolves on the first call.
   *
   * @param settings the instance's settings
   * @return {@code false}
   */
  @Override
  public boolean requiresKey(ProviderSettings settings) {
    return false;
  }
}
