// Cache section of `npm run bench`: the same request through Switchboard as a MISS (the cache
// bypassed, so every request goes upstream) and as a HIT (served from KV), against a fake
// upstream that answers after `latencyMs`. Target (issue 6): a HIT at least 5× faster at p50.
export const CACHE_UPSTREAM_LATENCY_MS = 20;

/** `measure(targets, load)` is run.mjs's interleaved-rounds measure; returns the section's results. */
export async function measureCache({ switchboardUrl, gatewayKey, setUpstreamLatency, measure, concurrency, durationMs }) {
  const body = JSON.stringify({ model: 'openai/gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: 'Cache me' }] });
  const headers = (cache) => ({ 'content-type': 'application/json', authorization: `Bearer ${gatewayKey}`, 'x-switchboard-cache': cache });
  const request = (cache) => ({ url: `${switchboardUrl}/v1/chat/completions`, headers: headers(cache), body });
  await setUpstreamLatency(CACHE_UPSTREAM_LATENCY_MS);
  try {
    // Fill the entry, and wait (bounded) until the deferred fill answers hits.
    let hit = false;
    for (let attempt = 0; attempt < 100 && !hit; attempt++) {
      const response = await fetch(request('on').url, { method: 'POST', headers: headers('on'), body });
      await response.text();
      hit = response.headers.get('x-switchboard-cache') === 'HIT';
    }
    if (!hit) throw new Error('the cache never answered a HIT');
    const results = await measure({ miss: request('bypass'), hit: request('on') }, { concurrency, durationMs });
    results.speedupP50 = results.miss.p50 / results.hit.p50;
    results.upstreamLatencyMs = CACHE_UPSTREAM_LATENCY_MS;
    return results;
  } finally {
    await setUpstreamLatency(0);
  }
}
