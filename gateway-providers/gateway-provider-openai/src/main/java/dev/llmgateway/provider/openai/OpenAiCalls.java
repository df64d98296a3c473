package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.HttpTransport;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.spi.ProviderCall;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * What the media endpoints ({@link OpenAiImages}, {@link OpenAiAudio}) need of their provider
 * instance: its name, resolved endpoint, transport, and a way to start an authenticated request.
 *
 * @param provider the provider instance's configured name
 * @param endpoint the resolved endpoint: URLs and wire model ids
 * @param transport the provider's transport
 * @param requests starts a request with the endpoint's headers and the call's credentials
 */
record OpenAiCalls(
    String provider, OpenAiEndpoint endpoint, HttpTransport transport, Requests requests) {

  /** Starts authenticated requests. */
  @FunctionalInterface
  interface Requests {
    /**
     * A request to {@code url} with the endpoint's headers, {@code Accept: application/json} and
     * the call key's credentials.
     *
     * @throws ProviderException with {@code AUTHENTICATION} if the key cannot be used
     */
    Request.Builder to(HttpUrl url, ProviderCall call, String model);
  }

  /** The failure of a request that could not be encoded. */
  ProviderException unencodable(String model, Exception e) {
    return new ProviderException(
        ErrorKind.INVALID_REQUEST,
        provider,
        model,
        "Provider '" + provider + "' could not encode the request: " + e.getMessage(),
        e);
  }

  /** Parses a successful JSON body; an error object in it (some compatible servers) is thrown. */
  static JsonNode parse(byte[] body, String model, HttpErrorMapper errors) {
    JsonNode root;
    try {
      root = Json.read(body);
    } catch (IOException e) {
      throw errors.malformed(model, "the response body is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw errors.malformed(model, "the response body is not a JSON object", null);
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) {
      ErrorBody said = OpenAiErrorDialect.read(root);
      if (said != null) {
        throw errors.fromErrorBody(0, said, null, model);
      }
    }
    return root;
  }
}
