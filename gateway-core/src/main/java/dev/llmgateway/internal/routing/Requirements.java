package dev.llmgateway.internal.routing;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.spi.Capabilities;
import java.util.ArrayList;
import java.util.List;

/**
 * What a request needs from a provider; the router skips providers whose {@link Capabilities} lack
 * any of it.
 *
 * @param kind the kind of call (chat, streaming, embeddings, images, transcription, speech)
 * @param tools whether the request offers tools
 * @param vision whether it contains images
 * @param jsonMode whether it asks for a JSON response format
 * @param reasoning whether it asks for a reasoning effort or thinking budget
 */
public record Requirements(
    CallInfo.Kind kind, boolean tools, boolean vision, boolean jsonMode, boolean reasoning) {

  /**
   * What a request needs.
   *
   * @param request the request
   * @return its requirements
   */
  public static Requirements of(GatewayRequest request) {
    if (request instanceof GatewayRequest.Chat chat) {
      ChatRequest r = chat.request();
      boolean tools = !r.tools().isEmpty();
      boolean vision = r.hasImages();
      boolean jsonMode = r.responseFormat().type() != ResponseFormat.Type.TEXT;
      boolean reasoning = r.reasoning() != null;
      if (!tools && !vision && !jsonMode && !reasoning) {
        return PLAIN[chat.kind().ordinal()];
      }
      return new Requirements(chat.kind(), tools, vision, jsonMode, reasoning);
    }
    return PLAIN[request.kind().ordinal()];
  }

  /** Each kind's requirements without tools, images, JSON mode or reasoning, made once. */
  private static final Requirements[] PLAIN = plain();

  private static Requirements[] plain() {
    CallInfo.Kind[] kinds = CallInfo.Kind.values();
    Requirements[] out = new Requirements[kinds.length];
    for (CallInfo.Kind k : kinds) {
      out[k.ordinal()] = new Requirements(k, false, false, false, false);
    }
    return out;
  }

  /** What the capabilities lack, such as {@code [streaming, tools]}; empty if nothing. */
  public List<String> missing(Capabilities c) {
    boolean all =
        switch (kind) {
          case CHAT -> c.chat();
          case STREAM -> c.chat() && c.streaming();
          case EMBED -> c.embeddings();
          case IMAGES -> c.images();
          case TRANSCRIPTION -> c.transcription();
          case SPEECH -> c.speech();
        };
    if (all
        && (!tools || c.tools())
        && (!vision || c.vision())
        && (!jsonMode || c.jsonMode())
        && (!reasoning || c.reasoning())) {
      // The usual case, once per target of every call: nothing to list, nothing allocated.
      return List.of();
    }
    List<String> missing = new ArrayList<>(2);
    switch (kind) {
      case CHAT -> add(missing, c.chat(), "chat");
      case STREAM -> {
        add(missing, c.chat(), "chat");
        add(missing, c.streaming(), "streaming");
      }
      case EMBED -> add(missing, c.embeddings(), "embeddings");
      case IMAGES -> add(missing, c.images(), "images");
      case TRANSCRIPTION -> add(missing, c.transcription(), "transcription");
      case SPEECH -> add(missing, c.speech(), "speech");
    }
    if (tools) {
      add(missing, c.tools(), "tools");
    }
    if (vision) {
      add(missing, c.vision(), "vision");
    }
    if (jsonMode) {
      add(missing, c.jsonMode(), "jsonMode");
    }
    if (reasoning) {
      add(missing, c.reasoning(), "reasoning");
    }
    return missing;
  }

  private static void add(List<String> missing, boolean has, String what) {
    if (!has) {
      missing.add(what);
    }
  }
}
