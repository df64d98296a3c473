package dev.llmgateway.provider.openai;

import static dev.llmgateway.provider.openai.ChatChunkParserTest.GROQ;
import static dev.llmgateway.provider.openai.ChatChunkParserTest.HELLO;
import static dev.llmgateway.provider.openai.ChatChunkParserTest.STOP;
import static dev.llmgateway.provider.openai.ChatChunkParserTest.TEXT_COMPLETION;
import static dev.llmgateway.provider.openai.ChatChunkParserTest.TOOL_START;
import static dev.llmgateway.provider.openai.ChatChunkParserTest.USAGE;
import static dev.llmgateway.provider.openai.ChatChunkParserTest.delta;
import static dev.llmgateway.provider.openai.ChunkReaderComparison.compare;
import static dev.llmgateway.provider.openai.ChunkReaderComparison.compareAll;
import static dev.llmgateway.provider.openai.ChunkReaderComparison.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatChunk;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Odd and broken chunks: the streaming {@link ChatChunkParser} leaves each to the tree reader of
 * {@link OpenAiChunkStream}, which throws or answers as it always did.
 */
class ChatChunkParserOddTest {

  /** A chat chunk whose first choice has the given members. */
  private static String choice(String members) {
    return json("{'id':'c','model':'m','choices':[{" + members + "}]}");
  }

  /** An opening of the root object with an unknown member nested {@code depth} arrays deep. */
  private static String deep(int depth) {
    return "{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + ",";
  }

  /** Chat chunk data that is an error, no JSON object, or over Jackson's limits, by name. */
  private static Map<String, String> brokenShapes() {
    Map<String, String> shapes = new LinkedHashMap<>();
    shapes.put(
        "error object",
        json("{'error':{'message':'Rate limit reached','type':'requests','code':'rate_limit'}}"));
    shapes.put(
        "error after a delta",
        json("{'choices':[{'delta':{'content':'a'}}],'error':{'message':'Overloaded'}}"));
    shapes.put("error string", json("{'error':'model is loading'}"));
    shapes.put("error number with message", json("{'error':500,'message':'boom','code':'c'}"));
    shapes.put("error false", json("{'error':false,'choices':[{'delta':{'content':'a'}}]}"));
    shapes.put("error then error null", json("{'error':{'message':'old'},'error':null}"));
    shapes.put("error null then error", json("{'error':null,'error':{'message':'new'}}"));
    shapes.put("not JSON", "<html>Bad gateway</html>");
    shapes.put("not done", "[DONE ]");
    shapes.put("open brace", "{");
    shapes.put("missing comma", json("{'id':'a' 'choices':[]}"));
    shapes.put("bad escape in a skipped member", json("{'x':'\\q','choices':[]}"));
    shapes.put("raw control character", "{\"choices\":[{\"delta\":{\"content\":\"a\u0001b\"}}]}");
    shapes.put("broken later choice", json("{'choices':[{'delta':{}},{'a':]}]}"));
    shapes.put("null", "null");
    shapes.put("number", "42");
    shapes.put("string", "\"hello\"");
    shapes.put("array", "[" + HELLO + "]");
    shapes.put("trailing text", HELLO + " x");
    shapes.put("trailing object", HELLO + "{}");
    shapes.put("trailing close", HELLO + "]");
    shapes.put("two chunks in one event", HELLO + "\n" + STOP);
    shapes.put("trailing no-break space", HELLO + "\u00a0");
    shapes.put("byte order mark", "\uFEFF" + HELLO);
    shapes.put("nested too deeply", deep(1001) + HELLO.substring(1));
    shapes.put("integer too long", "{\"n\":" + "1".repeat(1001) + "," + HELLO.substring(1));
    shapes.put("decimal too long", "{\"n\":0." + "1".repeat(1001) + "," + HELLO.substring(1));
    shapes.put("name too long", "{\"" + "n".repeat(50_001) + "\":0," + HELLO.substring(1));
    return shapes;
  }

  /** Chat chunk data with repeated members or values of unexpected types, by name. */
  private static Map<String, String> repeatedAndMistypedShapes() {
    Map<String, String> shapes = new LinkedHashMap<>();
    for (String member : List.of("id", "model", "choices", "usage", "x_groq")) {
      shapes.put(
          "repeated " + member,
          json("{'" + member + "':null,'choices':[],'" + member + "':{'prompt_tokens':1}}"));
    }
    for (String member :
        List.of("content", "refusal", "tool_calls", "reasoning", "reasoning_content")) {
      shapes.put(
          "repeated delta " + member,
          choice("'delta':{'" + member + "':'a','role':'assistant','" + member + "':null}"));
    }
    shapes.put("repeated delta", choice("'delta':{'content':'a'},'delta':{'content':'b'}"));
    shapes.put("repeated finish reason", choice("'finish_reason':'stop','finish_reason':null"));
    shapes.put("repeated tool index", toolCall("'index':0,'index':1"));
    shapes.put("repeated tool id", toolCall("'id':'a','id':'b'"));
    shapes.put("repeated function", toolCall("'function':{},'function':{'name':'f'}"));
    shapes.put("repeated name", toolCall("'function':{'name':'f','name':'g'}"));
    shapes.put("repeated arguments", toolCall("'function':{'arguments':'{','arguments':'}'}"));
    shapes.put(
        "repeated usage count",
        json("{'choices':[],'usage':{'prompt_tokens':1,'prompt_tokens':2}}"));
    shapes.put("repeated groq usage", json("{'choices':[],'x_groq':{'usage':{},'usage':null}}"));
    for (String first : List.of("null", "'a'", "[]", "[{'delta':{}}]", "3", "true")) {
      shapes.put("first choice " + first, json("{'choices':[" + first + ",{'delta':{}}]}"));
    }
    for (String call : List.of("null", "'f'", "[]", "0")) {
      shapes.put("tool call " + call, choice("'delta':{'tool_calls':[" + call + "]}"));
    }
    shapes.put("negative tool index", toolCall("'index':-1,'id':'a'"));
    shapes.put(
        "negative tool index after a refusal",
        choice("'delta':{'refusal':'No.','tool_calls':[{'index':-2}]},'finish_reason':'stop'"));
    for (String member : List.of("content", "refusal", "reasoning", "reasoning_content")) {
      shapes.put("decimal " + member, choice("'delta':{'" + member + "':2.5}"));
    }
    shapes.put("decimal id", json("{'id':1.5,'choices':[]}"));
    shapes.put("decimal model", json("{'model':-0.0,'choices':[]}"));
    shapes.put("decimal finish reason", choice("'finish_reason':1e3"));
    shapes.put("decimal tool id", toolCall("'id':0.5"));
    shapes.put("decimal arguments", toolCall("'function':{'arguments':1.25}"));
    return shapes;
  }

  private static String toolCall(String members) {
    return choice("'delta':{'tool_calls':[{" + members + "}]}");
  }

  @Test
  void leavesOddChunksToTheTreeReader() {
    Map<String, String> shapes = new LinkedHashMap<>(brokenShapes());
    shapes.putAll(repeatedAndMistypedShapes());
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, String> shape : shapes.entrySet()) {
      List<ChatChunk> read = compareAll(List.of(shape.getValue(), STOP));
      soft.assertThat(read.get(0)).as(shape.getKey() + ": " + shape.getValue()).isNull();
    }
    soft.assertAll();
  }

  @Test
  void textCompletionsLeaveTheirOddChunksToTheTreeReader() {
    List<String> odd =
        List.of(
            choice("'text':'a','text':'b'"),
            choice("'text':2.5"),
            choice("'text':'a','finish_reason':0.0"),
            json("{'choices':[null]}"));
    for (String data : odd) {
      assertThat(compare(List.of(data), "", true)).as(data).containsOnlyNulls();
    }
    // A chat chunk's members mean nothing here, and its text nothing in a chat stream.
    assertThat(compare(List.of(choice("'text':'a','delta':{'content':1.5}")), "", true))
        .doesNotContainNull();
    assertThat(compare(List.of(choice("'delta':{},'text':1.5,'text':2")), "", false))
        .doesNotContainNull();
    assertThat(compare(List.of(TEXT_COMPLETION, STOP), "", true)).doesNotContainNull();
  }

  @Test
  void readsOddButHarmlessChunksEitherWayAsTheTreeReaderDoes() {
    List<String> odd =
        List.of(
            " \n\t" + HELLO + "\r\n ",
            choice("'delta':{'content':'lone \\ud800 surrogate \\u0000 nul'}"),
            choice("'delta':{'content':'\\uD83D\\uDE00'}"),
            json("{'choices':[],'usage':{'prompt_tokens':1e400,'completion_tokens':-5,")
                + json("'prompt_tokens_details':{'cached_tokens':18446744073709551621}}}"),
            json("{'choices':[],'usage':{'prompt_tokens':9223372036854775808,'completion_tokens':")
                + json("12.7,'completion_tokens_details':{'reasoning_tokens':'3'}}}"),
            toolCall("'index':2147483647,'id':'c'"),
            toolCall("'index':-0"),
            deep(999) + HELLO.substring(1));
    for (String data : odd) {
      compareAll(List.of(data, STOP));
    }
  }

  @Test
  void theStreamEndsAsItDidAroundDoneAndEmptyEvents() {
    List<List<String>> streams =
        List.of(
            List.of("[DONE]"),
            List.of(" [DONE] \n"),
            List.of("", "\n", " \t ", HELLO, "[DONE]"),
            List.of(HELLO),
            List.of(HELLO, STOP),
            List.of(STOP, HELLO),
            List.of("[DONE]", HELLO),
            List.of(USAGE),
            List.of(delta("{'refusal':'No.'}", "null"), HELLO, "[DONE]"),
            List.of(json("{'error':{'message':'Overloaded'}}"), "[DONE]"));
    for (List<String> stream : streams) {
      compareAll(stream);
    }
  }

  @Test
  void everyTruncationOfThreeChunksFailsAsTheTreeReaderFails() {
    for (String full : List.of(TOOL_START, USAGE, GROQ)) {
      for (int length = 0; length < full.length(); length++) {
        String prefix = full.substring(0, length);
        List<ChatChunk> read = compareAll(List.of(prefix, STOP));
        assertThat(read.get(0)).as("first %d chars of %s", length, full).isNull();
      }
      assertThat(compareAll(List.of(full))).doesNotContainNull();
    }
  }
}
