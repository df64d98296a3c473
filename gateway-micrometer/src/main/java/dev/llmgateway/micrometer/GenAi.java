package dev.llmgateway.micrometer;

import dev.llmgateway.CallInfo;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.FinishReason;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** OpenTelemetry GenAI names (semantic conventions v1.41) and the values the gateway maps to. */
final class GenAi {
  static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

  static final String OPERATION = "gen_ai.operation.name";
  static final String PROVIDER = "gen_ai.provider.name";
  static final String SYSTEM = "gen_ai.system";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String TOKEN_TYPE = "gen_ai.token.type";
  static final String ERROR_TYPE = "error.type";
  static final String SERVER_ADDRESS = "server.address";
  static final String USAGE_INPUT = "gen_ai.usage.input_tokens";
  static final String USAGE_OUTPUT = "gen_ai.usage.output_tokens";
  static final String USAGE_CACHE_READ = "gen_ai.usage.cache_read.input_tokens";
  static final String FINISH_REASONS = "gen_ai.response.finish_reasons";

  /** The value of a tag that does not apply (no target was reached; no error). */
  static final String NONE = "none";

  /** The conventions' bucket boundaries for {@code gen_ai.client.operation.duration}, seconds. */
  static final double[] DURATION_BUCKETS = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
  };

  /** The conventions' bucket boundaries for {@code gen_ai.client.token.usage}. */
  static final double[] TOKEN_BUCKETS = {
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  /** Provider types and common provider names to the conventions' {@code gen_ai.provider.name}. */
  private static final Map<String, String> PROVIDERS =
      Map.ofEntries(
          Map.entry("openai", "openai"),
          Map.entry("anthropic", "anthropic"),
          Map.entry("bedrock", "aws.bedrock"),
          Map.entry("aws-bedrock", "aws.bedrock"),
          Map.entry("azure", "azure.ai.openai"),
          Map.entry("azure-openai", "azure.ai.openai"),
          Map.entry("gemini", "gcp.gemini"),
          Map.entry("vertex", "gcp.vertex_ai"),
          Map.entry("mistral", "mistral_ai"),
          Map.entry("groq", "groq"),
          Map.entry("deepseek", "deepseek"),
          Map.entry("cohere", "cohere"),
          Map.entry("xai", "x_ai"),
          Map.entry("perplexity", "perplexity"));

  private GenAi() {}

  /** The conventions' operation name of a kind of call. */
  static String operation(CallInfo.Kind kind) {
    return switch (kind) {
      case CHAT, STREAM -> "chat";
      case EMBED -> "embeddings";
      case IMAGES -> "generate_content";
      case TRANSCRIPTION -> "transcription";
      case SPEECH -> "speech";
    };
  }

  /**
   * The conventions' provider name for a provider type or name: a well-known one is mapped (such as
   * {@code bedrock} to {@code aws.bedrock}); any other passes as it is, lower-cased.
   */
  static String provider(String typeOrName) {
    String key = typeOrName.toLowerCase(Locale.ROOT);
    String known = PROVIDERS.get(key);
    return known != null ? known : key;
  }

  /**
   * The conventions' finish reason: {@code stop}, {@code length}, {@code tool_calls}, {@code
   * content_filter} or {@code other}.
   */
  static String finishReason(FinishReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The {@code error.type} of a failure: the gateway's error kind where there is one (for all
   * targets failing: the last attempt's), else the exception's class name. Bounded: never a
   * message.
   */
  static String errorType(Throwable error) {
    if (error instanceof ProviderException p) {
      return p.kind().name();
    }
    if (error instanceof AllTargetsFailedException all) {
      List<Attempt> attempts = all.attempts();
      if (!attempts.isEmpty() && attempts.get(attempts.size() - 1).errorKind() != null) {
        return String.valueOf(attempts.get(attempts.size() - 1).errorKind());
      }
    }
    return error.getClass().getName();
  }
}
