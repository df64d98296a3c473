// Drives the gateway server with the official `openai` npm package (installed by the Java test
// into target/node-client at test time; never committed). Prints one JSON object of results.
import OpenAI from 'openai';

const url = process.env.GATEWAY_URL + '/v1';
const client = (key) => new OpenAI({ baseURL: url, apiKey: key, maxRetries: 0 });
const acme = client(process.env.ACME_KEY);
const ask = (text, extra = {}) => ({
  model: 'fast',
  messages: [{ role: 'user', content: text }],
  ...extra,
});
const out = {};

const plain = await acme.chat.completions.create(ask('Hi'));
out.plain = plain.choices[0].message.content;
out.plainUsage = plain.usage.total_tokens;

const stream = await acme.chat.completions.create(
  ask('count', { stream: true, stream_options: { include_usage: true } }));
let text = '';
let usage = null;
for await (const chunk of stream) {
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
out.stream = text;
out.streamUsage = usage ? usage.completion_tokens : null;

const tool = await acme.chat.completions.create(ask('Weather?', {
  tools: [{
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  }],
}));
out.tool = tool.choices[0].message.tool_calls[0].function;
out.toolFinish = tool.choices[0].finish_reason;

const emb = await acme.embeddings.create({ model: 'embed', input: ['alpha', 'beta'] });
out.embeddings = emb.data.map((d) => d.embedding.length);

async function status(fn) {
  try {
    await fn();
    return 200;
  } catch (e) {
    return e.status ?? String(e);
  }
}
out.errors = {};
out.errors.unauthorized = await status(() =>
  client('lgw_' + 'x'.repeat(43)).chat.completions.create(ask('x')));
out.errors.badRequest = await status(() => acme.chat.completions.create(ask('x', { temperature: 9 })));
out.errors.forbidden = await status(() =>
  client(process.env.NARROW_KEY).chat.completions.create({ ...ask('x'), model: 'sonnet' }));
out.errors.notFound = await status(() => acme.chat.completions.create({ ...ask('x'), model: 'nope' }));
const limited = client(process.env.LIMITED_KEY);
await limited.chat.completions.create(ask('1'));
await limited.chat.completions.create(ask('2'));
out.errors.rateLimited = await status(() => limited.chat.completions.create(ask('3')));
out.errors.unavailable = await status(() => acme.chat.completions.create(ask('x')));

console.log(JSON.stringify(out));
