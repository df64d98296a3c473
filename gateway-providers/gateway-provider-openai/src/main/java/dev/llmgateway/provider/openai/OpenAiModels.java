package dev.llmgateway.provider.openai;

import dev.llmgateway.spi.Capabilities;
import java.util.Locale;
import java.util.Set;

/**
 * What the OpenAI adapter knows about models and profiles from their names: which models reason,
 * which are served only by the Responses endpoint, and so what a profile and a model can do.
 *
 * <p>Reasoning models, by the model name without a {@code publisher/} prefix: OpenAI's {@code o1},
 * {@code o3}, {@code o4} and {@code gpt-5} families (not {@code gpt-5*-chat*}), {@code codex}
 * models and {@code gpt-oss}; Google's {@code gemini-2.5} and later; {@code deepseek-r1} and {@code
 * deepseek-reasoner}.
 *
 * <p>Responses-only models ({@link dev.llmgateway.spi.EndpointMode#AUTO} sends them to the
 * Responses endpoint): every {@code codex} model ({@code gpt-5-codex}, {@code gpt-5.1-codex-max},
 * {@code codex-mini-latest}), the {@code -pro} models of the {@code o1}, {@code o3} and {@code
 * gpt-5} families ({@code o1-pro}, {@code o3-pro}, {@code gpt-5-pro}, {@code gpt-5.2-pro}), the
 * {@code -deep-research} models and {@code computer-use-preview}, as OpenAI's model pages list
 * them. A model missing from the rule is found on its first call: its chat call answers that the
 * model is served only by the Responses endpoint, and AUTO moves there and remembers it.
 *
 * <p>Stateless and thread-safe.
 */
final class OpenAiModels {
  /** Profiles whose servers have a Responses endpoint. */
  static final Set<String> RESPONSES_PROFILES =
      Set.of("openai", "azure-openai", "openai-compatible");

  /** Profiles that take {@code prompt_cache_key} and report cached prompt tokens. */
  static final Set<String> PROMPT_CACHE_KEY_PROFILES = Set.of("openai", "azure-openai");

  /** Profiles that map reasoning the Gemini way (effort, or {@code google.thinking_config}). */
  static final Set<String> GOOGLE_PROFILES = Set.of("gemini", "vertex");

  /** Profiles that reject {@code reasoning_effort} (Mistral refuses unknown fields). */
  static final Set<String> NO_REASONING_PROFILES = Set.of("mistral");

  private OpenAiModels() {}

  /** The model name without a {@code publisher/} prefix, lower case. */
  private static String bare(String model) {
    int slash = model.lastIndexOf('/');
    return (slash >= 0 ? model.substring(slash + 1) : model).toLowerCase(Locale.ROOT);
  }

  /** Whether the model takes a reasoning effort or thinking budget (see the class comment). */
  static boolean reasons(String model) {
    String m = bare(model);
    if (m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")) {
      return true;
    }
    if (m.startsWith("gpt-5")) {
      return !m.contains("-chat");
    }
    if (m.contains("codex") || m.startsWith("gpt-oss")) {
      return true;
    }
    if (m.startsWith("deepseek-r1") || m.startsWith("deepseek-reasoner")) {
      return true;
    }
    if (m.startsWith("gemini-")) {
      return geminiVersionAtLeast25(m.substring("gemini-".length()));
    }
    return false;
  }

  private static boolean geminiVersionAtLeast25(String rest) {
    int end = 0;
    while (end < rest.length()
        && (Character.isDigit(rest.charAt(end)) || rest.charAt(end) == '.')) {
      end++;
    }
    String[] parts = rest.substring(0, end).split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
      return major > 2 || (major == 2 && minor >= 5);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether the model is served only by the Responses endpoint (see the class comment). */
  static boolean responsesOnly(String model) {
    String m = bare(model);
    if (m.contains("codex") || m.contains("-deep-research") || m.startsWith("computer-use")) {
      return true;
    }
    boolean proFamily = m.startsWith("o1-pro") || m.startsWith("o3-pro");
    if (m.startsWith("gpt-5")) {
      proFamily = m.matches("gpt-5(\\.\\d+)?-pro(-.*)?");
    }
    return proFamily;
  }

  /**
   * What a profile can do with any model: chat, streaming, tools, vision, JSON mode and embeddings
   * as before; reasoning where the profile carries a reasoning control; prompt caching on the
   * profiles that take {@code prompt_cache_key}; no images or audio.
   */
  static Capabilities capabilities(OpenAiProfile profile) {
    return new Capabilities(true, true, true, true, true, true)
        .withChatExtras(
            !NO_REASONING_PROFILES.contains(profile.name()),
            PROMPT_CACHE_KEY_PROFILES.contains(profile.name()))
        .withMedia(false, false, false);
  }

  /** What a profile can do with one model: reasoning only for models that reason. */
  static Capabilities capabilities(OpenAiProfile profile, String model) {
    Capabilities all = capabilities(profile);
    return all.withChatExtras(all.reasoning() && reasons(model), all.promptCaching());
  }
}
