// The JavaScript AI SDK with OpenRouter's own provider against the emulator's loopback server.
// Usage: node ai_sdk.mjs <base_url> <key>. Prints one JSON line per operation:
// {"operation", "ok", "detail"}; the Python test checks every line.
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';

const [baseURL, apiKey] = process.argv.slice(2);
const openrouter = createOpenRouter({ baseURL, apiKey });

async function run(operation, body) {
  try {
    const detail = await body();
    console.log(JSON.stringify({ operation, ok: true, detail }));
  } catch (error) {
    console.log(JSON.stringify({ operation, ok: false, detail: String(error && error.message).slice(0, 400) }));
  }
}

const Weather = z.object({
  city: z.string(),
  conditions: z.enum(['sunny', 'rain', 'cloudy']),
  forecast: z.array(z.object({ day: z.string(), high: z.number().min(-40).max(50) })).min(3).max(5),
  alerts: z.array(z.string()).nullable(),
});

await run('nested structured output (generateObject)', async () => {
  const { object } = await generateObject({ model: openrouter('openai/gpt-4o-mini'), schema: Weather, prompt: 'Weather in Lisbon this week' });
  return Weather.parse(object);
});

await run('tool with a nested object, run to an answer', async () => {
  const result = await generateText({
    model: openrouter('openai/gpt-4o-mini'),
    prompt: 'What is the weather in Lisbon?',
    tools: {
      weather: tool({
        description: 'Current weather',
        inputSchema: z.object({ location: z.object({ city: z.string(), country: z.string() }) }),
        execute: async ({ location }) => ({ city: location.city, temperature: 21 }),
      }),
    },
    toolChoice: 'required',
    stopWhen: stepCountIs(2),
  });
  const input = result.steps[0].toolCalls[0].input;
  if (typeof input.location !== 'object' || !input.location.city) throw new Error('arguments ' + JSON.stringify(input));
  return input;
});

await run('streamed reasoning', async () => {
  const result = streamText({ model: openrouter('deepseek/deepseek-r1'), prompt: 'Why is the sky blue?' });
  let text = '';
  let reasoning = '';
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'reasoning-delta') reasoning += part.text;
    if (part.type === 'error') throw new Error(String(part.error));
  }
  const usage = await result.usage;
  if (!text || !reasoning || !usage.reasoningTokens) throw new Error('text ' + text.length + ' reasoning ' + reasoning.length);
  return { text: text.length, reasoning: reasoning.length, reasoningTokens: usage.reasoningTokens };
});

await run('routing to a provider by slug', async () => {
  const result = await generateText({ model: openrouter('openai/gpt-4o-mini', { provider: { order: ['azure'] } }), prompt: 'hi' });
  const provider = result.providerMetadata.openrouter.provider;
  if (provider !== 'Azure') throw new Error('served by ' + provider);
  return provider;
});

await run('a refusal in the service envelope', async () => {
  try {
    await generateText({
      model: openrouter('openai/gpt-4o-mini', { provider: { only: ['no-such-provider'], allow_fallbacks: false } }),
      prompt: 'hi',
      maxRetries: 0,
    });
  } catch (error) {
    if (error.statusCode !== 404) throw new Error('status ' + error.statusCode);
    return error.message;
  }
  throw new Error('no error');
});
