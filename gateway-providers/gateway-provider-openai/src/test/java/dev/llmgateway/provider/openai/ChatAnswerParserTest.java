package dev.llmgateway.provider.openai;

import static dev.llmgateway.provider.openai.ChatReaderComparison.MODEL;
import static dev.llmgateway.provider.openai.ChatReaderComparison.chat;
import static dev.llmgateway.provider.openai.ChatReaderComparison.json;
import static dev.llmgateway.provider.openai.ChatReaderComparison.stream;
import static dev.llmgateway.provider.openai.ChatReaderComparison.tree;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.openai.ChatReaderComparison.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link ChatAnswerParser} reads every Chat Completions body exactly as the tree
 * reader {@link ChatResponseReader#chatFromTree} does: the usual shapes itself, the odd and broken
 * ones by leaving them to the tree reader, so {@link ChatResponseReader#chat} answers or throws the
 * same either way.
 */
class ChatAnswerParserTest {

  /** OpenAI's documented chat completion object. */
  static final String DOCUMENTED =
      """
      {
        "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        "object": "chat.completion",
        "created": 1741570283,
        "model": "gpt-4o-2024-08-06",
        "choices": [
          {
            "index": 0,
            "message": {
              "role": "assistant",
              "content": "The image shows a wooden boardwalk path running through a lush green field.",
              "refusal": null,
              "annotations": []
            },
            "logprobs": null,
            "finish_reason": "stop"
          }
        ],
        "usage": {
          "prompt_tokens": 1117,
          "completion_tokens": 46,
          "total_tokens": 1163,
          "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
          "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0
          }
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fc9f1d7035"
      }
      """;

  /** OpenAI's documented answer with a tool call. */
  static final String TOOL_CALLS =
      """
      {"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,
       "model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":null,
       "tool_calls":[{"id":"call_abc123","type":"function","function":{
         "name":"get_current_weather","arguments":"{\\n\\"location\\": \\"Boston, MA\\"\\n}"}}]},
       "logprobs":null,"finish_reason":"tool_calls"}],
       "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,
       "completion_tokens_details":{"reasoning_tokens":0,"accepted_prediction_tokens":0,
       "rejected_prediction_tokens":0}}}
      """;

  /** A body with the given message and usage members, finish reason "stop". */
  private static String answer(String message, String usage) {
    return json(
        "{'id':'chatcmpl-1','object':'chat.completion','created':1741569952,"
            + "'model':'gpt-4o-2024-08-06','choices':[{'index':0,'message':{'role':'assistant',"
            + message
            + "},'logprobs':null,'finish_reason':'stop'}]"
            + (usage.isEmpty() ? "" : ",'usage':" + usage)
            + "}");
  }

  /** A body with the given message members and plain usage. */
  private static String message(String message) {
    return answer(message, "{'prompt_tokens':9,'completion_tokens':12,'total_tokens':21}");
  }

  /** A body with a plain message and the given usage value. */
  private static String usage(String usage) {
    return answer("'content':'Hello!','refusal':null", usage);
  }

  /** Bodies the streaming reader reads itself, by name. */
  private static Map<String, String> streamedShapes() {
    Map<String, String> shapes = new LinkedHashMap<>();
    shapes.put("documented answer", DOCUMENTED);
    shapes.put("documented tool call", TOOL_CALLS);
    shapes.put("trailing text after the root", DOCUMENTED + " {]garbage");
    shapes.put(
        "members reordered",
        json(
            "{'usage':{'completion_tokens_details':{'reasoning_tokens':3},'completion_tokens':5,"
                + "'prompt_tokens_details':{'cached_tokens':2},'prompt_tokens':7},"
                + "'choices':[{'finish_reason':'length','message':{'refusal':null,"
                + "'content':'hi','role':'assistant'},'index':0}],'model':'m-2','id':'x-1'}"));
    shapes.put(
        "unknown members, nested",
        json(
            "{'x_groq':{'id':'req_1','usage':{'queue_time':0.01}},'id':'c','choices':[{'index':0,"
                + "'logprobs':{'content':[{'token':'Hi','logprob':-0.31,'bytes':[72,105],"
                + "'top_logprobs':[{'token':'Hi','logprob':-0.31,'bytes':[[1],[2,[3]]]}]}]},"
                + "'message':{'role':'assistant','content':'Hi','audio':{'id':'a','data':'AAA',"
                + "'expires_at':1,'transcript':'Hi'},'annotations':[{'type':'url_citation',"
                + "'url_citation':{'start_index':0,'end_index':2,'url':'https://x','title':'t'}}],"
                + "'nested':[[[{'a':[{'b':{}}]}]],[],{}],'error':{'message':'not at root'}},"
                + "'finish_reason':'stop','error':{'x':1}}],'error':null,'prompt_filter_results':"
                + "[{'prompt_index':0,'content_filter_results':{'hate':{'filtered':false}}}]}"));
    shapes.put(
        "escapes and unicode",
        json(
            "{'\\u0069d':'\\u00e9t\\u00e9 \\ud83d\\ude00','model':'mod\\u00e8le',"
                + "'choices':[{'message':{'c\\u006fntent':'h\u00e9llo \uD83D\uDE00 \\\"q\\\" \\\\ "
                + "\\/ \\b\\f\\n\\r\\t \\u0000 \\u2028 \u4f60\u597d'},'finish_reason':'stop'}]}"));
    shapes.put("no usage", answer("'content':'Hi'", ""));
    shapes.put("usage null", usage("null"));
    shapes.put("usage a string", usage("'lots'"));
    shapes.put("usage an array", usage("[1,2]"));
    shapes.put("usage empty", usage("{}"));
    shapes.put("usage totals only", usage("{'prompt_tokens':9,'completion_tokens':12}"));
    shapes.put(
        "usage details",
        usage(
            "{'prompt_tokens':1200,'completion_tokens':300,'total_tokens':1500,"
                + "'prompt_tokens_details':{'cached_tokens':1024,'audio_tokens':0},"
                + "'completion_tokens_details':{'reasoning_tokens':256,'audio_tokens':0}}"));
    shapes.put(
        "usage details clamped",
        usage(
            "{'prompt_tokens':10,'completion_tokens':3,'prompt_tokens_details':"
                + "{'cached_tokens':99},'completion_tokens_details':{'reasoning_tokens':4}}"));
    shapes.put(
        "usage details without totals",
        usage("{'prompt_tokens_details':{'cached_tokens':5},'completion_tokens_details':{}}"));
    shapes.put(
        "usage details not objects",
        usage(
            "{'prompt_tokens':10,'completion_tokens':3,'prompt_tokens_details':null,"
                + "'completion_tokens_details':[{'reasoning_tokens':1}]}"));
    shapes.put(
        "usage details null counts",
        usage(
            "{'prompt_tokens':null,'completion_tokens':'3','prompt_tokens_details':"
                + "{'cached_tokens':null},'completion_tokens_details':{'reasoning_tokens':true}}"));
    shapes.put(
        "usage floats",
        usage(
            "{'prompt_tokens':12.7,'completion_tokens':3e1,'prompt_tokens_details':"
                + "{'cached_tokens':1.9E0},'completion_tokens_details':{'reasoning_tokens':-0.5}}"));
    shapes.put(
        "usage negative",
        usage(
            "{'prompt_tokens':-5,'completion_tokens':-0,'prompt_tokens_details':"
                + "{'cached_tokens':-1},'completion_tokens_details':{'reasoning_tokens':-2.5}}"));
    shapes.put(
        "usage huge",
        usage(
            "{'prompt_tokens':12345678901,'completion_tokens':1e400,'prompt_tokens_details':"
                + "{'cached_tokens':9223372036854775808},'completion_tokens_details':"
                + "{'reasoning_tokens':18446744073709551621}}"));
    shapes.put(
        "usage huge negative",
        usage(
            "{'prompt_tokens':-9223372036854775809,'completion_tokens':-1e400,"
                + "'prompt_tokens_details':{'cached_tokens':"
                + "-99999999999999999999999999999999999999},'completion_tokens_details':"
                + "{'reasoning_tokens':9223372036854775807}}"));
    shapes.put(
        "usage objects as counts",
        usage("{'prompt_tokens':{'n':1},'completion_tokens':[1],'prompt_tokens_details':'x'}"));
    shapes.put("two tool calls", twoToolCalls());
    shapes.put(
        "tool call without id or arguments",
        message("'content':null,'tool_calls':[{'type':'function','function':{'name':'f'}}]"));
    shapes.put(
        "tool call with odd members",
        message(
            "'content':'','tool_calls':[{'function':{'arguments':{'a':1},'name':'f','x':[1]},"
                + "'id':7,'index':0,'extra':{'y':null}},{'id':null,'function':{'name':12,"
                + "'arguments':null}},{'id':{'a':1},'function':{'name':true,'arguments':5}}]"));
    shapes.put("tool calls null", message("'content':'a','tool_calls':null"));
    shapes.put("tool calls empty", message("'content':'a','tool_calls':[]"));
    shapes.put("tool calls an object", message("'content':'a','tool_calls':{'id':'x'}"));
    shapes.put(
        "legacy function call",
        message("'content':null,'function_call':{'name':'f','arguments':'{}'}"));
    shapes.put(
        "legacy function call before tool calls",
        message(
            "'function_call':{'arguments':'{\\'b\\':2}','name':'legacy'},"
                + "'tool_calls':[{'id':'c1','function':{'name':'f1','arguments':'{}'}}]"));
    shapes.put(
        "legacy function call without name",
        message("'content':'a','function_call':{'arguments':'{}'}"));
    shapes.put(
        "legacy function call name null",
        message("'content':'a','function_call':{'name':null,'arguments':'{}'}"));
    shapes.put("legacy function call a string", message("'content':'a','function_call':'auto'"));
    shapes.put(
        "refusal",
        message("'content':null,'refusal':'I\\u0027m sorry, I can\\u0027t assist with that.'"));
    shapes.put("refusal empty", message("'content':'a','refusal':''"));
    shapes.put("refusal a number", message("'content':'a','refusal':42"));
    shapes.put("refusal a boolean", message("'content':'a','refusal':false"));
    shapes.put("refusal an object", message("'content':'a','refusal':{'text':'no'}"));
    shapes.put(
        "content parts",
        message(
            "'content':[{'type':'text','text':'Hello, '},'skip',null,[{'text':'no'}],"
                + "{'text':'world','type':'output_text'},{'type':'image_url','image_url':{}},"
                + "{'type':'text','text':7},{'type':'text','text':true},{'type':'text'}]"));
    shapes.put(
        "content parts with refusal",
        message(
            "'content':[{'type':'refusal','refusal':'No. '},{'type':'text','text':'t'},"
                + "{'refusal':'ignored'},{'type':'refusal','refusal':null},"
                + "{'type':'refusal','text':'both','refusal':'Sorry.'}],'refusal':null"));
    shapes.put(
        "content parts with empty refusals",
        message("'content':[{'type':'refusal'},{'type':'refusal','refusal':''}]"));
    shapes.put(
        "refusal beside refusal parts",
        message("'content':[{'type':'refusal','refusal':'part'}],'refusal':'field'"));
    shapes.put(
        "empty refusal beside refusal parts",
        message("'content':[{'type':'refusal','refusal':'part'}],'refusal':''"));
    shapes.put("content parts empty", message("'content':[]"));
    shapes.put("content null", message("'content':null"));
    shapes.put("content missing", message("'role':'assistant'"));
    shapes.put("content empty", message("'content':''"));
    shapes.put("content a number", message("'content':42"));
    shapes.put("content a boolean", message("'content':true"));
    shapes.put("content an object", message("'content':{'text':'x'}"));
    shapes.put("reasoning_content", message("'content':'42','reasoning_content':'Let me think.'"));
    shapes.put(
        "reasoning_content empty, reasoning",
        message("'content':'42','reasoning_content':'','reasoning':'Hmm.'"));
    shapes.put(
        "reasoning_content null, reasoning",
        message("'reasoning':'Hmm.','content':'42','reasoning_content':null"));
    shapes.put(
        "both reasoning",
        message("'reasoning':'second','content':'42','reasoning_content':'first'"));
    shapes.put("reasoning only", message("'content':'42','reasoning':'Hmm.'"));
    shapes.put("reasoning an object", message("'content':'42','reasoning':{'effort':'low'}"));
    shapes.put("reasoning a number", message("'content':'42','reasoning':7"));
    shapes.put("reasoning empty", message("'content':'42','reasoning':'','reasoning_content':''"));
    shapes.put(
        "several choices",
        json(
            "{'id':'c','choices':[{'index':0,'message':{'content':'first'},'finish_reason':"
                + "'length'},{'index':1,'message':{'content':'second'},'finish_reason':'stop'},"
                + "'third',null,{'message':null},[{'a':1}]]}"));
    shapes.put("id a number", json("{'id':123,'choices':[{'message':{'content':'a'}}]}"));
    shapes.put("id a long", json("{'id':-12345678901,'choices':[{'message':{}}]}"));
    shapes.put(
        "id a big integer", json("{'id':123456789012345678901234,'choices':[{'message':{}}]}"));
    shapes.put("id minus zero", json("{'id':-0,'choices':[{'message':{}}]}"));
    shapes.put("id a boolean", json("{'id':true,'choices':[{'message':{}}]}"));
    shapes.put("id null", json("{'id':null,'choices':[{'message':{}}]}"));
    shapes.put("id an object", json("{'id':{'a':'b'},'choices':[{'message':{}}]}"));
    shapes.put("model a number", json("{'model':7,'choices':[{'message':{}}]}"));
    shapes.put("model null", json("{'model':null,'choices':[{'message':{}}]}"));
    shapes.put("model an array", json("{'model':['a'],'choices':[{'message':{}}]}"));
    for (String reason :
        List.of(
            "'stop'",
            "'length'",
            "'tool_calls'",
            "'function_call'",
            "'content_filter'",
            "'STOP'",
            "'eos'",
            "''",
            "null",
            "1",
            "1.5",
            "true",
            "{'a':'stop'}",
            "['stop']")) {
      shapes.put(
          "finish reason " + reason,
          json("{'choices':[{'finish_reason':" + reason + ",'message':{'content':'a'}}]}"));
    }
    shapes.put("finish reason missing", json("{'choices':[{'message':{'content':'a'}}]}"));
    shapes.put("error null", json("{'error':null,'choices':[{'message':{'content':'a'}}]}"));
    shapes.put(
        "root message member without error",
        json("{'message':'hello','type':'x','choices':[{'message':{'content':'a'}}]}"));
    shapes.put("deeply nested unknown member", deep(900) + DOCUMENTED.substring(1));
    return shapes;
  }

  /** An answer with text and two tool calls, members in varying order. */
  private static String twoToolCalls() {
    return message(
        "'content':'Let me check.','tool_calls':[{'id':'call_1','type':'function',"
            + "'function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},"
            + "{'type':'function','function':{'arguments':'{\\'tz\\':\\'CET\\'}','name':'get_time'},"
            + "'id':'call_2'}]");
  }

  /** An opening of the root object with an unknown member nested {@code depth} arrays deep. */
  private static String deep(int depth) {
    return "{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + ",";
  }

  @Test
  void streamsTheUsualShapesAsTheTreeReaderReadsThem() {
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, String> shape : streamedShapes().entrySet()) {
      String name = shape.getKey();
      Outcome tree = tree(shape.getValue());
      soft.assertThat(tree.answered()).as(name + ": the tree reader answers " + tree).isTrue();
      Outcome streamed = stream(shape.getValue());
      soft.assertThat(streamed.answered()).as(name + ": streamed " + streamed).isTrue();
      soft.assertThat(streamed).as(name).isEqualTo(tree);
      soft.assertThat(chat(shape.getValue())).as(name + " through chat").isEqualTo(tree);
    }
    soft.assertAll();
  }

  @Test
  void readsTheDocumentedAnswers() {
    ChatResponse plain = ChatAnswerParser.read(DOCUMENTED.getBytes(UTF_8), "openai", MODEL);
    assertThat(plain).isNotNull();
    assertThat(plain.id()).isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
    assertThat(plain.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(plain.text()).startsWith("The image shows").endsWith("field.");
    assertThat(plain.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(plain.refusal()).isNull();
    assertThat(plain.usage()).isEqualTo(new Usage(1117, 46, 0, 0, 0, reported(true)));

    ChatResponse tools = ChatAnswerParser.read(twoToolCalls().getBytes(UTF_8), "openai", MODEL);
    assertThat(tools).isNotNull();
    assertThat(tools.text()).isEqualTo("Let me check.");
    assertThat(tools.toolCalls())
        .containsExactly(
            new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
            new ToolCall("call_2", "get_time", "{\"tz\":\"CET\"}"));
    assertThat(tools.usage()).isEqualTo(new Usage(9, 12, 0, 0, 0, reported(false)));
  }

  private static Set<Usage.Count> reported(boolean details) {
    return details
        ? EnumSet.of(
            Usage.Count.INPUT,
            Usage.Count.OUTPUT,
            Usage.Count.CACHED_READ_INPUT,
            Usage.Count.REASONING)
        : EnumSet.of(Usage.Count.INPUT, Usage.Count.OUTPUT);
  }

  /**
   * Bodies the streaming reader leaves to the tree reader, with what the tree reader makes of them:
   * a part of its error message, or "" when it answers.
   */
  private static Map<String, List<String>> treeShapes() {
    Map<String, List<String>> shapes = new LinkedHashMap<>();
    String notJson = "the response body is not valid JSON";
    String notObject = "the response body is not a JSON object";
    String noChoices = "the response has no choices";
    String noMessage = "the response's first choice has no message";
    String noName = "a tool call has no function name";
    shapes.put("truncated", List.of(DOCUMENTED.substring(0, 200), notJson));
    shapes.put("truncated in a string", List.of("{\"id\":\"chatcm", notJson));
    shapes.put("not JSON", List.of("<html>Bad gateway</html>", notJson));
    shapes.put("missing comma", List.of(json("{'id':'a' 'choices':[]}"), notJson));
    shapes.put(
        "bad escape in a skipped member",
        List.of(json("{'x':'\\q','choices':[{'message':{}}]}"), notJson));
    shapes.put(
        "broken later choice", List.of(json("{'choices':[{'message':{}},{'a':]}]}"), notJson));
    shapes.put(
        "raw control character in a string",
        List.of("{\"choices\":[{\"message\":{\"content\":\"a\u0001b\"}}]}", notJson));
    shapes.put("nested too deeply", List.of(deep(1001) + DOCUMENTED.substring(1), notJson));
    shapes.put(
        "integer too long in a skipped member",
        List.of("{\"n\":" + "1".repeat(1001) + "," + DOCUMENTED.substring(1), notJson));
    shapes.put(
        "decimal too long in a skipped member",
        List.of("{\"n\":0." + "1".repeat(1001) + "," + DOCUMENTED.substring(1), notJson));
    shapes.put("empty body", List.of("", notObject));
    shapes.put("blank body", List.of(" \n\t ", notObject));
    shapes.put("null", List.of("null", notObject));
    shapes.put("array", List.of("[" + DOCUMENTED + "]", notObject));
    shapes.put("string", List.of("\"hello\"", notObject));
    shapes.put("number", List.of("42", notObject));
    shapes.put("boolean", List.of("true", notObject));
    shapes.put(
        "error object",
        List.of(
            json(
                "{'error':{'message':'Rate limit reached','type':'requests',"
                    + "'param':null,'code':'rate_limit_exceeded'}}"),
            "Rate limit reached"));
    shapes.put(
        "error after the choices",
        List.of(
            json(
                "{'choices':[{'message':{'content':'a'}}],'error':{'message':'Overloaded',"
                    + "'type':'server_error','code':null}}"),
            "Overloaded"));
    shapes.put("error string", List.of(json("{'error':'model is loading'}"), "model is loading"));
    shapes.put(
        "error number with root message",
        List.of(json("{'error':500,'message':'boom','type':'x','code':'c'}"), "boom"));
    shapes.put(
        "error number without message, with choices",
        List.of(json("{'error':1,'choices':[{'message':{'content':'a'}}]}"), ""));
    shapes.put(
        "error then error null",
        List.of(
            json(
                "{'error':{'message':'old'},'choices':[{'message':{'content':'a'}}],'error':null}"),
            ""));
    shapes.put("no choices", List.of(json("{'id':'a','model':'m'}"), noChoices));
    shapes.put("choices null", List.of(json("{'choices':null}"), noChoices));
    shapes.put("choices empty", List.of(json("{'choices':[]}"), noChoices));
    shapes.put("choices an object", List.of(json("{'choices':{'message':{}}}"), noChoices));
    shapes.put("choices a string", List.of(json("{'choices':'a'}"), noChoices));
    shapes.put("first choice null", List.of(json("{'choices':[null]}"), noMessage));
    shapes.put("first choice a string", List.of(json("{'choices':['a']}"), noMessage));
    shapes.put("first choice an array", List.of(json("{'choices':[[{}]]}"), noMessage));
    shapes.put(
        "first choice without message",
        List.of(json("{'choices':[{'index':0},{'message':{}}]}"), noMessage));
    shapes.put("message null", List.of(json("{'choices':[{'message':null}]}"), noMessage));
    shapes.put("message a string", List.of(json("{'choices':[{'message':'a'}]}"), noMessage));
    shapes.put("message an array", List.of(json("{'choices':[{'message':[{}]}]}"), noMessage));
    shapes.put("tool call a string", List.of(message("'tool_calls':['f']"), noName));
    shapes.put("tool call null", List.of(message("'tool_calls':[null]"), noName));
    shapes.put("tool call an array", List.of(message("'tool_calls':[[]]"), noName));
    shapes.put("tool call without function", List.of(message("'tool_calls':[{'id':'a'}]"), noName));
    shapes.put(
        "tool call function a string",
        List.of(message("'tool_calls':[{'id':'a','function':'f'}]"), noName));
    shapes.put(
        "tool call without name",
        List.of(message("'tool_calls':[{'function':{'arguments':'{}'}}]"), noName));
    shapes.put(
        "tool call name null",
        List.of(message("'tool_calls':[{'function':{'name':null}}]"), noName));
    shapes.put(
        "tool call name an object",
        List.of(message("'tool_calls':[{'function':{'name':{'a':1}}}]"), noName));
    shapes.put(
        "second tool call without name",
        List.of(
            message("'tool_calls':[{'function':{'name':'f'}},{'function':{'arguments':''}}]"),
            noName));
    shapes.put(
        "tool call name empty",
        List.of(message("'tool_calls':[{'function':{'name':''}}]"), "must not be blank"));
    shapes.put(
        "tool call name blank, then one without name",
        List.of(
            message("'tool_calls':[{'function':{'name':' '}},{'function':{}}]"),
            "must not be blank"));
    shapes.put(
        "tool call without name, then a blank one",
        List.of(message("'tool_calls':[{'function':{}},{'function':{'name':' '}}]"), noName));
    shapes.put(
        "legacy function call name empty",
        List.of(message("'function_call':{'name':''}"), "must not be blank"));
    shapes.put(
        "legacy function call name blank, tool call without name",
        List.of(message("'function_call':{'name':' '},'tool_calls':[{'function':{}}]"), noName));
    shapes.put("id a decimal", List.of(json("{'id':1.5,'choices':[{'message':{}}]}"), ""));
    shapes.put("model a decimal", List.of(json("{'model':2e23,'choices':[{'message':{}}]}"), ""));
    shapes.put("refusal a decimal", List.of(message("'refusal':-0.0"), ""));
    shapes.put("reasoning a decimal", List.of(message("'reasoning':1E2"), ""));
    shapes.put(
        "content part text a decimal",
        List.of(message("'content':[{'type':'text','text':0.1}]"), ""));
    shapes.put(
        "tool call name a decimal",
        List.of(message("'tool_calls':[{'function':{'name':1.0}}]"), ""));
    shapes.put(
        "tool call arguments a decimal",
        List.of(message("'tool_calls':[{'function':{'name':'f','arguments':3.25}}]"), ""));
    shapes.put(
        "duplicate choices",
        List.of(json("{'choices':[],'choices':[{'message':{'content':'second'}}]}"), ""));
    shapes.put("duplicate id", List.of(json("{'id':'a','choices':[{'message':{}}],'id':'b'}"), ""));
    shapes.put(
        "duplicate model",
        List.of(json("{'model':'a','choices':[{'message':{}}],'model':null}"), ""));
    shapes.put(
        "duplicate usage",
        List.of(json("{'usage':{'prompt_tokens':1},'choices':[{'message':{}}],'usage':null}"), ""));
    shapes.put(
        "duplicate message",
        List.of(json("{'choices':[{'message':{'content':'a'},'message':{'content':'b'}}]}"), ""));
    shapes.put(
        "duplicate finish reason",
        List.of(
            json("{'choices':[{'finish_reason':'stop','message':{},'finish_reason':null}]}"), ""));
    shapes.put("duplicate content", List.of(message("'content':'a','content':[]"), ""));
    shapes.put("duplicate refusal", List.of(message("'refusal':'a','refusal':null"), ""));
    shapes.put("duplicate reasoning", List.of(message("'reasoning':'a','reasoning':'b'"), ""));
    shapes.put(
        "duplicate reasoning_content",
        List.of(message("'reasoning_content':'a','reasoning_content':''"), ""));
    shapes.put(
        "duplicate tool calls",
        List.of(
            message("'tool_calls':[{'function':{}}],'tool_calls':[{'function':{'name':'f'}}]"),
            ""));
    shapes.put(
        "duplicate function call",
        List.of(message("'function_call':{'name':'a'},'function_call':null"), ""));
    shapes.put(
        "duplicate tool call function",
        List.of(message("'tool_calls':[{'function':{'name':'a'},'function':{'name':'b'}}]"), ""));
    shapes.put(
        "duplicate tool call id",
        List.of(message("'tool_calls':[{'id':'a','function':{'name':'f'},'id':'b'}]"), ""));
    shapes.put(
        "duplicate function name",
        List.of(message("'tool_calls':[{'function':{'name':null,'name':'f'}}]"), ""));
    shapes.put(
        "duplicate arguments",
        List.of(message("'function_call':{'name':'f','arguments':'a','arguments':'b'}"), ""));
    shapes.put(
        "duplicate part text",
        List.of(message("'content':[{'type':'text','text':'a','text':'b'}]"), ""));
    shapes.put(
        "duplicate part type",
        List.of(message("'content':[{'type':'refusal','refusal':'r','type':'text'}]"), ""));
    shapes.put(
        "duplicate part refusal",
        List.of(message("'content':[{'type':'refusal','refusal':'r','refusal':'s'}]"), ""));
    shapes.put(
        "duplicate usage count",
        List.of(usage("{'prompt_tokens':1,'completion_tokens':2,'prompt_tokens':3}"), ""));
    shapes.put(
        "duplicate usage details",
        List.of(
            usage(
                "{'prompt_tokens':9,'prompt_tokens_details':{'cached_tokens':1},"
                    + "'prompt_tokens_details':null}"),
            ""));
    shapes.put(
        "duplicate details count",
        List.of(
            usage(
                "{'completion_tokens':9,'completion_tokens_details':{'reasoning_tokens':1,"
                    + "'reasoning_tokens':2}}"),
            ""));
    return shapes;
  }

  @Test
  void leavesTheOtherShapesToTheTreeReader() {
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, List<String>> shape : treeShapes().entrySet()) {
      String name = shape.getKey();
      String body = shape.getValue().get(0);
      String said = shape.getValue().get(1);
      Outcome tree = tree(body);
      if (said.isEmpty()) {
        soft.assertThat(tree.answered()).as(name + ": the tree reader answers " + tree).isTrue();
      } else {
        soft.assertThat(tree.failure()).as(name + ": the tree reader's error").contains(said);
      }
      Outcome streamed = stream(body);
      soft.assertThat(streamed.leftToTree()).as(name + ": left to the tree " + streamed).isTrue();
      soft.assertThat(chat(body)).as(name + " through chat").isEqualTo(tree);
    }
    soft.assertAll();
  }

  @Test
  void everyTruncationOfAnAnswerFailsAsTheTreeReaderFails() {
    for (String full : List.of(DOCUMENTED, TOOL_CALLS, twoToolCalls())) {
      byte[] bytes = full.getBytes(UTF_8);
      for (int length = 0; length <= bytes.length; length++) {
        byte[] prefix = Arrays.copyOf(bytes, length);
        Outcome tree = tree(prefix, MODEL);
        assertThat(chat(prefix, MODEL)).as("first %d bytes", length).isEqualTo(tree);
        Outcome streamed = stream(prefix, MODEL);
        assertThat(streamed.leftToTree() || streamed.equals(tree))
            .as("first %d bytes: %s", length, streamed)
            .isTrue();
      }
      assertThat(stream(bytes, MODEL)).isEqualTo(tree(bytes, MODEL));
      assertThat(stream(bytes, MODEL).answered()).isTrue();
    }
  }

  @Test
  void aModelTheResponseRejectsFailsAsInTheTreeReader() {
    String blankModel = json("{'model':'','choices':[{'message':{'content':'a'}}]}");
    Outcome tree = tree(blankModel);
    assertThat(tree.failure()).contains("must not be blank");
    assertThat(stream(blankModel)).isEqualTo(tree);
    assertThat(chat(blankModel)).isEqualTo(tree);

    byte[] noModel = json("{'choices':[{'message':{'content':'a'}}]}").getBytes(UTF_8);
    Outcome unnamed = tree(noModel, ""); // how jsonInsteadOfStream calls it without a model
    assertThat(unnamed.failure()).contains("must not be blank");
    assertThat(stream(noModel, "")).isEqualTo(unnamed);
    assertThat(chat(noModel, "")).isEqualTo(unnamed);
  }

  @Test
  void invalidUtf8FailsAsInTheTreeReader() {
    byte[] valid = json("{'x':'ab','choices':[{'message':{'content':'cd'}}]}").getBytes(UTF_8);
    int skipped = 6; // the 'a' of the skipped member, then the 'c' of the content
    int read = new String(valid, UTF_8).indexOf("cd");
    byte[][] broken = {
      {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xf0, 0x41}
    };
    for (int at : new int[] {skipped, read}) {
      for (byte[] bad : broken) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.writeBytes(bad);
        out.write(valid, at, valid.length - at);
        byte[] body = out.toByteArray();
        Outcome tree = tree(body, MODEL);
        assertThat(tree.failure()).contains("not valid JSON");
        assertThat(stream(body, MODEL).leftToTree()).isTrue();
        assertThat(chat(body, MODEL)).isEqualTo(tree);
      }
    }
  }

  @Test
  void readsOtherEncodingsAsTheTreeReaderDoes() {
    List<byte[]> bodies =
        List.of(
            ("\uFEFF" + DOCUMENTED).getBytes(UTF_8),
            DOCUMENTED.getBytes(StandardCharsets.UTF_16BE),
            DOCUMENTED.getBytes(StandardCharsets.UTF_16LE),
            DOCUMENTED.getBytes(StandardCharsets.UTF_16),
            DOCUMENTED.getBytes(Charset.forName("UTF-32BE")),
            twoToolCalls().getBytes(StandardCharsets.UTF_16LE));
    for (byte[] body : bodies) {
      Outcome tree = tree(body, MODEL);
      assertThat(tree.answered()).isTrue();
      assertThat(stream(body, MODEL)).isEqualTo(tree);
      assertThat(chat(body, MODEL)).isEqualTo(tree);
    }
    byte[] broken =
        "{\"x\":\"a\u0001\",\"choices\":[{\"message\":{}}]}".getBytes(StandardCharsets.UTF_16LE);
    assertThat(tree(broken, MODEL).failure()).contains("not valid JSON");
    assertThat(stream(broken, MODEL).leftToTree()).isTrue();
    assertThat(chat(broken, MODEL)).isEqualTo(tree(broken, MODEL));
  }

  @Test
  void aBodyOverJacksonsLongestStringIsLeftToTheTreeReader() {
    int max = Json.mapper().getFactory().streamReadConstraints().getMaxStringLength();
    // A string one character too long in a member the streaming reader would skip.
    String body = "{\"x\":\"" + "a".repeat(max + 1) + "\"," + DOCUMENTED.substring(1);
    Outcome tree = tree(body);
    assertThat(tree.failure()).contains("not valid JSON");
    assertThat(stream(body).leftToTree()).isTrue();
    assertThat(chat(body)).isEqualTo(tree);
  }
}
