package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningEffort;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the reasoning and prompt-caching fields of a Chat Completions body, per profile:
 *
 * <ul>
 *   <li>Reasoning: {@code reasoning_effort} ({@code minimal}, {@code low}, {@code medium}, {@code
 *       high}); a budget becomes the effort it stands for ({@link Reasoning#effortOrEquivalent()}).
 *       The {@code gemini} and {@code vertex} profiles send an effort as {@code reasoning_effort}
 *       ({@code minimal} as {@code low}, which Gemini 2.5 takes) and a budget as {@code
 *       google.thinking_config.thinking_budget}, Google's extension; they never ask for thoughts,
 *       since Google's OpenAI endpoint would mix them into the answer text. {@code mistral} gets no
 *       reasoning field (it refuses unknown fields). Chat Completions returns no thinking text from
 *       OpenAI itself; compatible servers that return it ({@code reasoning_content} or {@code
 *       reasoning}) have it read into the answer's reasoning.
 *   <li>Prompt caching: {@code prompt_cache_key} for the {@code openai} and {@code azure-openai}
 *       profiles. Cache markers are not sent: OpenAI caches prompt prefixes on its own.
 * </ul>
 *
 * A field named in the request's {@code extraParams} is not generated.
 */
final class ChatExtrasWriter {
  private ChatExtrasWriter() {}

  static void write(
      JsonGenerator g,
      ChatRequest request,
      OpenAiProfile profile,
      Map<String, @Nullable Object> extra)
      throws IOException {
    Reasoning reasoning = request.reasoning();
    if (reasoning != null && !OpenAiModels.NO_REASONING_PROFILES.contains(profile.name())) {
      if (OpenAiModels.GOOGLE_PROFILES.contains(profile.name())) {
        writeGoogle(g, reasoning, extra);
      } else if (!extra.containsKey("reasoning_effort")) {
        g.writeStringField("reasoning_effort", reasoning.effortOrEquivalent().wireName());
      }
    }
    String key = request.promptCacheKey();
    if (key != null
        && OpenAiModels.PROMPT_CACHE_KEY_PROFILES.contains(profile.name())
        && !extra.containsKey("prompt_cache_key")) {
      g.writeStringField("prompt_cache_key", key);
    }
  }

  private static void writeGoogle(
      JsonGenerator g, Reasoning reasoning, Map<String, @Nullable Object> extra)
      throws IOException {
    if (reasoning.budgetTokens() != null) {
      if (!extra.containsKey("google")) {
        g.writeObjectFieldStart("google");
        g.writeObjectFieldStart("thinking_config");
        g.writeNumberField("thinking_budget", reasoning.budgetTokens());
        g.writeEndObject();
        g.writeEndObject();
      }
      return;
    }
    if (!extra.containsKey("reasoning_effort")) {
      ReasoningEffort effort = reasoning.effortOrEquivalent();
      g.writeStringField(
          "reasoning_effort",
          (effort == ReasoningEffort.MINIMAL ? ReasoningEffort.LOW : effort).wireName());
    }
  }
}
