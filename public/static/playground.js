// The playground: pick a model, send a prompt to `POST /v1/chat/completions`, and watch the
// answer stream in (streaming `fetch` + the page's own SSE parser), with usage (asked for
// with `stream_options.include_usage`) and the gateway's `x-switchboard-*` facts.
import { apiError, authHeaders, getJson, session } from './api.js';
import { fill, h } from './dom.js';
import { count, ms, plural } from './format.js';
import { setupSignIn, signInError } from './signin.js';
import { sseEvents } from './sse.js';
import { setupTheme } from './theme.js';

const $ = (id) => document.getElementById(id);
let controller = null;

function showSignIn(message) {
  $('playground').hidden = true;
  $('signin').hidden = false;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  signInError(message);
}

async function showPlayground() {
  $('signin').hidden = true;
  $('playground').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = 'Signed in with a gateway key';
  try {
    const models = await getJson('/v1/models');
    fill(
      $('models'),
      models.data.map((model) => h('option', { value: model.id })),
    );
    $('model-hint').textContent = `${models.data.length} models in the catalog; a configured alias works too.`;
  } catch (error) {
    $('model-hint').textContent = `Could not list models: ${error.message}`;
  }
}

function stat(name, label, value) {
  return h('span', { class: 'stat', dataset: { stat: name } }, `${label} `, h('b', {}, value));
}

/** What the response headers say: who served it, from the cache or not, and the request id. */
function headerStats(response) {
  const header = (name) => response.headers.get(name);
  const served = header('x-switchboard-provider') ? `${header('x-switchboard-provider')}/${header('x-switchboard-model')}` : '—';
  const requestId = header('x-request-id');
  return [
    stat('served', 'Served by', served),
    stat('cache', 'Cache', header('x-switchboard-cache') ?? '—'),
    stat('attempts', 'Attempts', header('x-switchboard-attempts') ?? '—'),
    requestId ? h('a', { class: 'stat mono', href: `/dashboard/#log=${requestId}`, dataset: { stat: 'request' } }, requestId) : null,
  ];
}

function usageStats(usage) {
  if (!usage) return [stat('usage', 'Tokens', 'not reported')];
  return [
    stat('prompt-tokens', 'Prompt', count(usage.prompt_tokens)),
    stat('completion-tokens', 'Completion', count(usage.completion_tokens)),
    stat('total-tokens', 'Total', count(usage.total_tokens)),
  ];
}

function requestBody(stream) {
  const messages = [];
  if ($('system').value.trim()) messages.push({ role: 'system', content: $('system').value.trim() });
  messages.push({ role: 'user', content: $('prompt').value });
  const body = { model: $('model').value.trim(), messages };
  if (stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });
  return body;
}

/** Read the SSE stream, appending each text delta as it arrives. Returns `{ usage, chunks, firstAt }`. */
async function readStream(response, answer) {
  let usage = null;
  let chunks = 0;
  let firstAt = null;
  for await (const event of sseEvents(response.body)) {
    if (event.data === '[DONE]') break;
    const chunk = JSON.parse(event.data);
    if (chunk.error) throw new Error(chunk.error.message ?? 'The stream failed.');
    if (chunk.usage) usage = chunk.usage;
    const delta = chunk.choices?.[0]?.delta?.content;
    if (delta) {
      if (firstAt === null) {
        firstAt = performance.now();
        $('answer-meta').textContent = 'Streaming…';
      }
      chunks++;
      answer.append(delta);
      answer.dataset.chunks = String(chunks);
    }
  }
  return { usage, chunks, firstAt };
}

async function send(event) {
  event.preventDefault();
  const stream = $('stream').checked;
  const answer = $('answer');
  controller = new AbortController();
  $('send').disabled = true;
  $('stop').disabled = false;
  $('chat-error').hidden = true;
  answer.classList.remove('placeholder');
  answer.classList.toggle('streaming', stream);
  answer.textContent = '';
  answer.dataset.state = 'waiting';
  fill($('stats'));
  $('answer-meta').textContent = 'Waiting for the first token…';
  const started = performance.now();
  try {
    const response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(requestBody(stream)),
      signal: controller.signal,
    });
    if (!response.ok) throw await apiError(response);
    fill($('stats'), headerStats(response));
    answer.dataset.state = 'streaming';
    let result;
    if (stream) {
      result = await readStream(response, answer);
    } else {
      const completion = await response.json();
      answer.textContent = completion.choices?.[0]?.message?.content ?? '';
      result = { usage: completion.usage, chunks: 1, firstAt: performance.now() };
    }
    const total = performance.now() - started;
    $('stats').append(
      ...usageStats(result.usage),
      stat('first-token', 'First token', ms(result.firstAt && result.firstAt - started)),
      stat('total', 'Total', ms(total)),
    );
    $('answer-meta').textContent = stream ? `Streamed in ${plural(result.chunks, 'chunk')}.` : 'Answered in one response.';
    answer.dataset.state = 'done';
  } catch (error) {
    answer.dataset.state = 'error';
    if (error.name === 'AbortError') {
      $('answer-meta').textContent = 'Stopped. The gateway cancelled the request upstream.';
    } else {
      if (error.status === 401) {
        session.clear();
        return showSignIn(`Your key is no longer accepted: ${error.message}`);
      }
      $('chat-error').hidden = false;
      $('chat-error').textContent = error.message;
      $('answer-meta').textContent = 'The request failed.';
    }
  } finally {
    answer.classList.remove('streaming');
    $('send').disabled = false;
    $('stop').disabled = true;
    controller = null;
  }
}

setupTheme($('theme'));
setupSignIn({ allowAdmin: false, onSignedIn: showPlayground });
$('chat-form').addEventListener('submit', send);
$('stop').addEventListener('click', () => controller?.abort());
$('sign-out').addEventListener('click', () => {
  session.clear();
  showSignIn(null);
});
if (session.key && session.role === 'key') showPlayground();
else showSignIn(null);
