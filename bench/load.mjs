// A small closed-loop load generator over keep-alive HTTP/1.1 (node:http), bounded in count
// and time, loopback only. Records full-response latency and time to first byte.
import http from 'node:http';

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function once(agent, { url, method = 'POST', headers = {}, body }) {
  const target = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers: { ...headers, 'content-length': Buffer.byteLength(body ?? '') },
      },
      (response) => {
        let firstByte;
        let bytes = 0;
        response.on('data', (chunk) => {
          firstByte ??= performance.now();
          bytes += chunk.length;
        });
        response.on('end', () => {
          const ended = performance.now();
          resolve({ status: response.statusCode, latency: ended - started, ttfb: (firstByte ?? ended) - started, bytes });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Run `concurrency` loops for `durationMs` (and at most `maxRequests`). `pauseMs` idles each
 * loop after every response, so work a Worker defers past the response (ctx.waitUntil) is done
 * before the next request arrives.
 */
export async function runLoad({ request, concurrency, durationMs, maxRequests = 200_000, pauseMs = 0 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const ttfbs = [];
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async () => {
    while (performance.now() < deadline && sent < maxRequests) {
      sent++;
      try {
        // A function body gives each request its own (e.g. distinct prompts, so a cache lookup misses).
        const body = typeof request.body === 'function' ? request.body(sent) : request.body;
        const result = await once(agent, { ...request, body });
        if (result.status !== 200) errors++;
        latencies.push(result.latency);
        ttfbs.push(result.ttfb);
      } catch {
        errors++;
      }
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  ttfbs.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: (latencies.length / elapsed) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ttfbP50: percentile(ttfbs, 50),
  };
}
