package dev.llmgateway.testkit;

import java.nio.charset.StandardCharsets;

/**
 * The canned HTTP responses of {@link LeanOpenAiServer}, built once: a chat completion, and the
 * same answer as a chat completion chunk stream (content chunks, a usage chunk, {@code [DONE]}).
 */
final class LeanAnswers {
  static final int PROMPT_TOKENS = 20;
  private static final String ID = "chatcmpl-lean";
  private static final long CREATED = 1_700_000_000L;

  private LeanAnswers() {}

  /** A whole {@code 200} response with the answer as a chat completion. */
  static byte[] plain(String model, String answer) {
    int completion = Math.max(1, answer.length() / 4);
    String body =
        "{\"id\":\""
            + ID
            + "\",\"object\":\"chat.completion\",\"created\":"
            + CREATED
            + ",\"model\":\""
            + escape(model)
            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + escape(answer)
            + "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + usage(completion)
            + "}";
    return response("application/json", body);
  }

  /**
   * A whole {@code 200} event stream of {@code chunks} content chunks. The streamed text is the
   * answer, repeated as needed so that every chunk carries at least four characters, cut into
   * {@code chunks} pieces; the last content chunk has {@code finish_reason} {@code stop}.
   */
  static byte[] stream(String model, String answer, int chunks) {
    String text = streamedText(answer, chunks);
    String head =
        "data: {\"id\":\""
            + ID
            + "\",\"object\":\"chat.completion.chunk\",\"created\":"
            + CREATED
            + ",\"model\":\""
            + escape(model)
            + "\",\"choices\":";
    StringBuilder sb = new StringBuilder(text.length() * 4 + chunks * 160);
    for (int i = 0; i < chunks; i++) {
      String piece = text.substring(i * text.length() / chunks, (i + 1) * text.length() / chunks);
      sb.append(head).append("[{\"index\":0,\"delta\":{");
      if (i == 0) {
        sb.append("\"role\":\"assistant\",");
      }
      sb.append("\"content\":\"").append(escape(piece)).append("\"},\"finish_reason\":");
      sb.append(i == chunks - 1 ? "\"stop\"" : "null").append("}]}\n\n");
    }
    sb.append(head).append("[],").append(usage(chunks)).append("}\n\n");
    sb.append("data: [DONE]\n\n");
    return response("text/event-stream", sb.toString());
  }

  /** The text a stream of {@code chunks} chunks carries, for callers that check it. */
  static String streamedText(String answer, int chunks) {
    StringBuilder text = new StringBuilder(answer);
    while (text.length() < 4L * chunks) {
      text.append(' ').append(answer);
    }
    return text.toString();
  }

  private static String usage(int completion) {
    return "\"usage\":{\"prompt_tokens\":"
        + PROMPT_TOKENS
        + ",\"completion_tokens\":"
        + completion
        + ",\"total_tokens\":"
        + (PROMPT_TOKENS + completion)
        + "}";
  }

  private static byte[] response(String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + bytes.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(bytes, 0, all, h.length, bytes.length);
    return all;
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
