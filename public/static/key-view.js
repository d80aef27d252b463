// Sections about one gateway key: rate-limit headroom (`GET /v1/ratelimit`), the response
// cache (`GET /v1/cache/stats` plus the usage report's hit rate) and recent requests (`GET /v1/logs`).
import { getJson } from './api.js';
import { donut } from './charts.js';
import { empty, fill, h } from './dom.js';
import { ago, bytes, count, dateTime, percent, usd } from './format.js';

function meter(name, label, used, limit, detail) {
  const fraction = limit > 0 ? Math.min(1, used / limit) : 0;
  const fillBar = h('div', { class: `meter-fill${fraction >= 0.9 ? ' bad' : fraction >= 0.7 ? ' warn' : ''}` });
  fillBar.style.width = `${fraction * 100}%`;
  return h(
    'div',
    { class: 'meter', dataset: { meter: name } },
    h('div', { class: 'meter-head' }, h('span', {}, label), h('span', { class: 'muted' }, detail)),
    h('div', { class: 'meter-track' }, fillBar),
  );
}

const resetIn = (seconds) => (seconds > 0 ? ` · resets in ${Math.ceil(seconds)} s` : '');

export function renderHeadroom(container, status) {
  const meters = [];
  const { requests_per_minute: rpm, tokens_per_minute: tpm, concurrency, budget, queue } = status;
  if (rpm)
    meters.push(
      meter(
        'rpm',
        'Requests / min',
        rpm.limit - rpm.remaining,
        rpm.limit,
        `${count(rpm.remaining)} of ${count(rpm.limit)} left${resetIn(rpm.reset_seconds)}`,
      ),
    );
  if (tpm)
    meters.push(
      meter(
        'tpm',
        'Tokens / min',
        tpm.limit - tpm.remaining,
        tpm.limit,
        `${count(tpm.remaining)} of ${count(tpm.limit)} left${resetIn(tpm.reset_seconds)}`,
      ),
    );
  if (concurrency) {
    meters.push(
      meter(
        'concurrency',
        'Concurrent requests',
        concurrency.in_use,
        concurrency.limit,
        `${concurrency.in_use} of ${concurrency.limit} in use`,
      ),
    );
  }
  if (budget) {
    const spent = budget.spent_usd + budget.reserved_usd;
    meters.push(
      meter(
        'budget',
        `Budget (${budget.period})`,
        spent,
        budget.limit_usd,
        `${usd(budget.remaining_usd)} of ${usd(budget.limit_usd)} left`,
      ),
    );
    meters.push(h('p', { class: 'hint' }, `Budget resets ${dateTime(budget.resets_at)}.`));
  }
  if (queue)
    meters.push(h('p', { class: 'hint' }, `Over the limit, requests wait up to ${queue.max_wait_ms} ms (${queue.queued} queued now).`));
  if (meters.length === 0) {
    return fill(
      container,
      empty('No limits on this key', 'Only the providers limit it. An admin can set requests, tokens, concurrency and a budget per key.'),
    );
  }
  fill(container, meters);
}

/** Hit rate from the usage report (what callers saw), storage from the cache's own counters. */
export function renderCache(container, totals, stats) {
  const rate = totals.cache_hit_rate;
  const facts = [
    ['Hits', count(totals.cache_hits)],
    ['Requests', count(totals.requests)],
  ];
  if (stats) {
    facts.push(
      ['Entries stored', count(stats.entries)],
      ['Stored', bytes(stats.bytes_stored)],
      ['Served from cache', bytes(stats.bytes_served)],
    );
  }
  if (!totals.requests && !stats?.entries) {
    return fill(
      container,
      empty('No cached answers yet', 'Identical non-streaming requests are answered from the cache when the key has caching on.'),
    );
  }
  fill(
    container,
    h(
      'div',
      { class: 'donut-wrap' },
      donut(rate ?? 0, percent(rate, 0)),
      h(
        'dl',
        { class: 'facts' },
        facts.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
      ),
    ),
  );
}

const WINDOWS_MS = [3_600_000, 86_400_000, 7 * 86_400_000];
const WANTED = 25;
const MAX_PAGES = 5;

/**
 * The newest archived requests. Listings run oldest first, so ask for a short recent window and
 * widen it until there are enough (following cursors a few pages at most).
 */
export async function recentLogs(rangeStart) {
  const windows = [...WINDOWS_MS.map((span) => Date.now() - span).filter((at) => at > rangeStart), rangeStart];
  let found = [];
  for (const from of windows) {
    found = [];
    let cursor = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ from: new Date(from).toISOString(), limit: '1000' });
      if (cursor) query.set('cursor', cursor);
      const listing = await getJson(`/v1/logs?${query}`);
      found.push(...listing.data);
      if (!listing.has_more) break;
      cursor = listing.next_cursor;
    }
    if (found.length >= WANTED) break;
  }
  return found.slice(-WANTED).reverse();
}

function statusPill(status) {
  const tone = status >= 200 && status < 300 ? 'good' : status === 429 || status === 499 ? 'warn' : 'bad';
  return h('span', { class: `pill ${tone}` }, String(status));
}

export function renderRecent(container, logs) {
  if (logs.length === 0) {
    return fill(
      container,
      empty('No archived requests yet', 'Requests that reach a provider are archived here (unless archiving is off for this key).'),
    );
  }
  fill(
    container,
    h(
      'table',
      { 'data-table': 'recent' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['When', 'Model', 'Status', 'Stream', 'Attempts', 'Request'].map((name) =>
            h('th', { class: name === 'Attempts' ? 'num' : null }, name),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        logs.map((log) =>
          h(
            'tr',
            {},
            h('td', { title: dateTime(log.received_at) }, ago(log.received_at)),
            h('td', { class: 'mono' }, log.provider && log.model ? `${log.provider}/${log.model}` : (log.model ?? '—')),
            h('td', {}, statusPill(log.status)),
            h('td', {}, log.stream ? 'yes' : 'no'),
            h('td', { class: 'num' }, String(log.attempts)),
            h('td', {}, h('a', { class: 'mono', href: `#log=${log.request_id}`, dataset: { requestId: log.request_id } }, log.request_id)),
          ),
        ),
      ),
    ),
  );
}
