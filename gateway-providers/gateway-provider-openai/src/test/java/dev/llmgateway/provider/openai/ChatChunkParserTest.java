package dev.llmgateway.provider.openai;

import static dev.llmgateway.provider.openai.ChunkReaderComparison.compare;
import static dev.llmgateway.provider.openai.ChunkReaderComparison.compareAll;
import static dev.llmgateway.provider.openai.ChunkReaderComparison.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.http.SseEvent;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link ChatChunkParser} reads the usual streamed chunks itself, exactly as the tree
 * reader of {@link OpenAiChunkStream} does, and leaves odd and broken ones to that reader, so the
 * stream gives the same chunks, throws the same errors and ends the same way either way.
 */
class ChatChunkParserTest {
  /** The event names under which the streaming parser reads chunks. */
  private static final List<String> EVENT_NAMES_READ = List.of("", SseEvent.DEFAULT_EVENT);

  private static final String HEAD =
      "{'id':'chatcmpl-BNc6pQaFh0vHvXWbVtl3K1Lr8z2Dq','object':'chat.completion.chunk',"
          + "'created':1744896191,'model':'gpt-4o-mini-2024-07-18','service_tier':'default',"
          + "'system_fingerprint':'fp_0392822090',";

  /** A chat chunk with the given delta and finish reason, as OpenAI streams it. */
  static String delta(String delta, String finish) {
    return json(
        HEAD
            + "'choices':[{'index':0,'delta':"
            + delta
            + ",'logprobs':null,'finish_reason':"
            + finish
            + "}],'usage':null,'obfuscation':'q3Z'}");
  }

  static final String ROLE = delta("{'role':'assistant','content':'','refusal':null}", "null");
  static final String HELLO = delta("{'content':'Hello'}", "null");
  static final String STOP = delta("{}", "'stop'");
  static final String USAGE =
      json(
          HEAD
              + "'choices':[],'usage':{'prompt_tokens':2048,'completion_tokens':300,"
              + "'total_tokens':2348,'prompt_tokens_details':{'cached_tokens':1920,"
              + "'audio_tokens':0},'completion_tokens_details':{'reasoning_tokens':128,"
              + "'audio_tokens':0,'accepted_prediction_tokens':0,'rejected_prediction_tokens':0}}}");
  static final String TOOL_START =
      delta(
          "{'role':'assistant','content':null,'tool_calls':[{'index':0,'id':'call_DdmO9pD3xa9X',"
              + "'type':'function','function':{'name':'get_weather','arguments':''}}],"
              + "'refusal':null}",
          "null");
  static final String TOOL_ARGS =
      delta("{'tool_calls':[{'index':0,'function':{'arguments':'{\\'location\\':'}}]}", "null");
  static final String GROQ =
      json(
          "{'id':'chatcmpl-4d2b','object':'chat.completion.chunk','created':1744896191,"
              + "'model':'llama-3.3-70b-versatile','system_fingerprint':'fp_2ddfbb0da0',"
              + "'choices':[{'index':0,'delta':{},'logprobs':null,'finish_reason':'stop'}],"
              + "'x_groq':{'id':'req_01jq','usage':{'queue_time':0.02,'prompt_tokens':48,"
              + "'prompt_time':0.0032,'completion_tokens':12,'completion_time':0.04,"
              + "'total_tokens':60,'total_time':0.0432}}}");
  static final String TEXT_COMPLETION =
      json(
          "{'id':'cmpl-7iA7i','object':'text_completion','created':1690759702,"
              + "'choices':[{'text':'Hello','index':0,'logprobs':null,'finish_reason':null}],"
              + "'model':'gpt-3.5-turbo-instruct'}");

  /** Real-shaped streams, by name: every event of each is read by the streaming parser. */
  static Map<String, List<String>> streamedShapes() {
    Map<String, List<String>> shapes = new LinkedHashMap<>();
    shapes.put("text", List.of(ROLE, HELLO, delta("{'content':' there'}", "null"), STOP, USAGE));
    shapes.put(
        "tool calls",
        List.of(
            TOOL_START,
            TOOL_ARGS,
            delta("{'tool_calls':[{'index':0,'function':{'arguments':'\\'Paris\\'}'}}]}", "null"),
            delta(
                "{'tool_calls':[{'index':1,'id':'call_2','type':'function',"
                    + "'function':{'name':'get_time','arguments':'{}'}}]}",
                "null"),
            delta("{}", "'tool_calls'"),
            USAGE));
    shapes.put(
        "tool calls without index, id or name",
        List.of(
            delta(
                "{'tool_calls':[{'function':{'arguments':'{'}},{'index':null,'function':null},"
                    + "{'index':'1','id':null,'function':{'name':null,'arguments':null}},"
                    + "{'index':2147483648},{'index':1.0},{'index':7}]}",
                "null")));
    shapes.put(
        "refusal then stop",
        List.of(
            delta("{'role':'assistant','content':null,'refusal':''}", "null"),
            delta("{'refusal':'I can\\u2019t help with that.'}", "null"),
            STOP));
    shapes.put("refusal and finish at once", List.of(delta("{'refusal':'No.'}", "'length'")));
    shapes.put(
        "reasoning_content",
        List.of(
            delta("{'role':'assistant','content':null,'reasoning_content':'Let me think'}", "null"),
            delta("{'content':'','reasoning_content':'','reasoning':'from reasoning'}", "null"),
            delta("{'content':'42','reasoning_content':null}", "null"),
            delta("{'reasoning':'','reasoning_content':'both'}", "null"),
            STOP));
    shapes.put("groq x_groq usage", List.of(HELLO, GROQ));
    shapes.put(
        "text_completion",
        List.of(
            TEXT_COMPLETION,
            json(
                "{'id':'cmpl-7iA7i','choices':[{'text':' world','index':0,'finish_reason':null}]}"),
            json("{'choices':[{'text':'','index':0,'finish_reason':'length'}],'model':'m'}")));
    return shapes;
  }

  /** Odd streams the streaming parser still reads itself, by name. */
  static Map<String, List<String>> oddStreamedShapes() {
    Map<String, List<String>> shapes = new LinkedHashMap<>();
    shapes.put(
        "usage wins over x_groq",
        List.of(
            json(
                "{'choices':[],'x_groq':{'usage':{'prompt_tokens':1}},"
                    + "'usage':{'prompt_tokens':5,'completion_tokens':6}}"),
            json("{'choices':[],'usage':null,'x_groq':{'usage':{'prompt_tokens':2}}}"),
            json("{'choices':[],'usage':{},'x_groq':{'usage':{'prompt_tokens':3}}}"),
            json("{'choices':[],'usage':[],'x_groq':{'id':'x','usage':null}}")));
    shapes.put(
        "nulls, unknowns and escapes",
        List.of(
            json(
                "{'id':null,'model':null,'error':null,'choices':[{'delta':{'content':null,"
                    + "'refusal':null,'tool_calls':null,'reasoning':null,'audio':{'a':[1,{}]}},"
                    + "'logprobs':{'content':[{'token':'Hi','logprob':-0.31,'bytes':[72,105],"
                    + "'top_logprobs':[]}]},'finish_reason':null},{'delta':'other','x':[[]]},7],"
                    + "'usage':null,'x_groq':null,'nested':{'error':{'message':'not at root'}}}"),
            json(
                "{'id':7,'model':true,'choices':[{'delta':{'content':'caf\\u00e9 \\ud83d\\ude00 "
                    + "\\\\n \\\\u0041 \\n\\t\\/','refusal':12345678901234567890123}}]}"),
            json("{'choices':null}"),
            json("{'choices':{'delta':{'content':'not an array'}}}"),
            json("{'choices':[{'delta':null,'finish_reason':'content_filter'}]}"),
            json("{'choices':[{'delta':'a','text':'b','finish_reason':1}]}"),
            json("{}")));
    return shapes;
  }

  @Test
  void streamsTheUsualShapesAsTheTreeReaderReadsThem() {
    Map<String, List<String>> shapes = new LinkedHashMap<>(streamedShapes());
    shapes.putAll(oddStreamedShapes());
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, List<String>> shape : shapes.entrySet()) {
      String name = shape.getKey();
      boolean textCompletion = name.startsWith("text_completion");
      for (String event : EVENT_NAMES_READ) {
        soft.assertThat(compare(shape.getValue(), event, textCompletion))
            .as(name + ", event '" + event + "'")
            .hasSize(shape.getValue().size())
            .doesNotContainNull();
      }
      compareAll(shape.getValue()); // the other mode, and error events
    }
    soft.assertAll();
  }

  @Test
  void readsTextChunksAndTheUsageChunkToTheRightChunks() {
    Usage openAi =
        new Usage(
            2048,
            300,
            1920,
            0,
            128,
            EnumSet.complementOf(EnumSet.of(Usage.Count.CACHE_WRITE_INPUT)));
    assertThat(compareAll(List.of(ROLE, HELLO, STOP, USAGE)))
        .containsExactly(
            new ChatChunk(
                "chatcmpl-BNc6pQaFh0vHvXWbVtl3K1Lr8z2Dq",
                "gpt-4o-mini-2024-07-18",
                "",
                List.of(),
                null,
                null,
                null,
                null),
            new ChatChunk(
                "chatcmpl-BNc6pQaFh0vHvXWbVtl3K1Lr8z2Dq",
                "gpt-4o-mini-2024-07-18",
                "Hello",
                List.of(),
                null,
                null,
                null,
                null),
            new ChatChunk(
                "chatcmpl-BNc6pQaFh0vHvXWbVtl3K1Lr8z2Dq",
                "gpt-4o-mini-2024-07-18",
                "",
                List.of(),
                FinishReason.STOP,
                null,
                null,
                null),
            new ChatChunk(
                "chatcmpl-BNc6pQaFh0vHvXWbVtl3K1Lr8z2Dq",
                "gpt-4o-mini-2024-07-18",
                "",
                List.of(),
                null,
                openAi,
                null,
                null));
  }

  @Test
  void readsToolCallRefusalGroqReasoningAndCompletionChunksToTheRightChunks() {
    assertThat(compareAll(List.of(TOOL_START, TOOL_ARGS)))
        .extracting(ChatChunk::toolCalls)
        .containsExactly(
            List.of(new ToolCallDelta(0, "call_DdmO9pD3xa9X", "get_weather", "")),
            List.of(new ToolCallDelta(0, null, null, "{\"location\":")));
    List<ChatChunk> refused =
        compareAll(List.of(delta("{'refusal':'No.'}", "null"), delta("{}", "'stop'")));
    assertThat(refused.get(0).refusal()).isEqualTo("No.");
    assertThat(refused.get(1).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    ChatChunk groq = compareAll(List.of(GROQ)).get(0);
    assertThat(groq.usage()).isEqualTo(Usage.of(48, 12));
    assertThat(groq.finishReason()).isEqualTo(FinishReason.STOP);
    ChatChunk thought =
        compareAll(List.of(delta("{'content':null,'reasoning_content':'Hm'}", "null"))).get(0);
    assertThat(thought.reasoning()).isEqualTo(ReasoningDelta.text(0, "Hm"));
    assertThat(thought.text()).isEmpty();
    ChatChunk completion = compare(List.of(TEXT_COMPLETION), "", true).get(0);
    assertThat(completion).isNotNull();
    assertThat(completion.text()).isEqualTo("Hello");
    assertThat(completion.model()).isEqualTo("gpt-3.5-turbo-instruct");
  }

  @Test
  void anErrorEventIsLeftToTheTreeReaderWhateverItHolds() {
    for (String data : List.of(HELLO, STOP, json("{'error':{'message':'Overloaded'}}"))) {
      assertThat(compare(List.of(data), "error", false)).containsOnlyNulls();
    }
  }

  @Test
  void aChunkOverJacksonsLongestStringIsLeftToTheTreeReader() {
    int max = Json.mapper().getFactory().streamReadConstraints().getMaxStringLength();
    // A string one character too long in a member the streaming parser would skip.
    String data = "{\"x\":\"" + "a".repeat(max + 1) + "\"," + HELLO.substring(1);
    assertThat(compare(List.of(data), "", false)).containsOnlyNulls();
  }
}
