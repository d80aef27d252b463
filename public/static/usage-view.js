// The usage sections: KPI tiles, per-day charts and the per-model table, from `GET /v1/usage`.
import { barChart, legend, lineChart } from './charts.js';
import { empty, fill, h } from './dom.js';
import { count, ms, percent, shortDay as shortDate, shortHour, usd } from './format.js';

const DAY_MS = 86_400_000;

const HOUR_MS = 3_600_000;

/** Every UTC hour of the days `from`..`to` up to the current hour (`YYYY-MM-DDTHH:00Z`, as the ledger keys them). */
export function hoursBetween(from, to, now = Date.now()) {
  const hours = [];
  const last = Math.min(Date.parse(`${to}T23:00:00Z`), Math.floor(now / HOUR_MS) * HOUR_MS);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= last; at += HOUR_MS) {
    hours.push(`${new Date(at).toISOString().slice(0, 13)}:00Z`);
  }
  return hours;
}

/** Every day of the range, so quiet days show as zero instead of vanishing from the axis. */
export function daysBetween(from, to) {
  const days = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

function errorRate(metrics) {
  return metrics.requests ? metrics.failures / metrics.requests : null;
}

function kpi(label, value, detail, name, warn = false) {
  return h(
    'div',
    { class: warn ? 'card kpi warn' : 'card kpi', dataset: { kpi: name } },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value),
    h('div', { class: 'detail' }, detail),
  );
}

/** `deadLettered`: usage events the consumer could not store (`dead_lettered_events`); 0 means none lost. */
export function renderKpis(container, totals, deadLettered = 0) {
  fill(
    container,
    kpi('Requests', count(totals.requests), `${count(totals.successes)} succeeded`, 'requests'),
    kpi('Error rate', percent(errorRate(totals)), `${count(totals.failures)} failed · ${count(totals.cancelled)} cancelled`, 'error-rate'),
    kpi('Tokens', count(totals.total_tokens), `${count(totals.prompt_tokens)} in · ${count(totals.completion_tokens)} out`, 'tokens'),
    kpi(
      'Cost',
      usd(totals.cost_usd),
      totals.estimated_requests ? `${count(totals.estimated_requests)} estimated` : 'from reported usage',
      'cost',
    ),
    kpi('Latency p50', ms(totals.latency_p50_ms), `p95 ${ms(totals.latency_p95_ms)} · p99 ${ms(totals.latency_p99_ms)}`, 'latency'),
    kpi('First token p50', ms(totals.time_to_first_token_p50_ms), `p95 ${ms(totals.time_to_first_token_p95_ms)}`, 'ttft'),
    kpi('Cache hit rate', percent(totals.cache_hit_rate), `${count(totals.cache_hits)} hits`, 'cache'),
    kpi(
      'Events not stored',
      count(deadLettered ?? 0),
      deadLettered ? 'dead-lettered: replay from the usage.dead_letter logs' : 'accounting lost nothing',
      'dead-letters',
      deadLettered > 0,
    ),
  );
}

const noUsage = () => empty('No usage in this range', 'Send a request through the gateway, then refresh: usage lands within seconds.');

/**
 * The charts over time: per day for a `group_by=day` report, per hour (every hour of the range
 * so far, quiet ones at zero) for a `group_by=hour` one.
 */
export function renderDaily(elements, report) {
  const hourly = report.group_by === 'hour';
  const timeColumn = hourly ? 'hour' : 'day';
  const days = hourly ? hoursBetween(report.from, report.to) : daysBetween(report.from, report.to);
  const shortDay = hourly ? shortHour : shortDate;
  const byDay = new Map(report.data.map((entry) => [entry[timeColumn], entry]));
  const column = (name) => days.map((day) => byDay.get(day)?.[name] ?? 0);
  const nullable = (name) => days.map((day) => byDay.get(day)?.[name] ?? null);
  for (const element of Object.values(elements)) {
    if (element.nextElementSibling?.classList.contains('legend')) element.nextElementSibling.remove();
  }
  if (report.totals.requests === 0) {
    for (const element of Object.values(elements)) fill(element, noUsage());
    return;
  }
  const requests = [
    { name: 'Succeeded', values: column('successes'), tone: 's1' },
    { name: 'Failed', values: column('failures'), tone: 's4' },
    { name: 'Cancelled', values: column('cancelled'), tone: 's3' },
  ];
  barChart(elements.requests, { labels: days, series: requests, format: count, labelFormat: shortDay });
  elements.requests.after(legend(requests));
  const tokens = [
    { name: 'Prompt', values: column('prompt_tokens'), tone: 's1' },
    { name: 'Completion', values: column('completion_tokens'), tone: 's5' },
  ];
  barChart(elements.tokens, { labels: days, series: tokens, format: count, labelFormat: shortDay });
  elements.tokens.after(legend(tokens));
  barChart(elements.cost, {
    labels: days,
    series: [{ name: 'Cost', values: column('cost_usd'), tone: 's2' }],
    format: usd,
    labelFormat: shortDay,
  });
  const latency = [
    { name: 'p50', values: nullable('latency_p50_ms'), tone: 's2' },
    { name: 'p95', values: nullable('latency_p95_ms'), tone: 's1' },
    { name: 'p99', values: nullable('latency_p99_ms'), tone: 's6' },
  ];
  if (latency.every((series) => series.values.every((value) => value === null))) {
    fill(elements.latency, empty('No latency measured yet', 'Percentiles cover requests recorded since the ledger kept histograms.'));
  } else {
    lineChart(elements.latency, { labels: days, series: latency, format: ms, labelFormat: shortDay });
    elements.latency.after(legend(latency));
  }
}

/** The per-model table with inline bars. `report` is a `group_by=model` usage report. */
export function renderModels(container, report) {
  if (report.data.length === 0) return fill(container, noUsage());
  const rows = [...report.data].sort((a, b) => b.requests - a.requests);
  const most = Math.max(...rows.map((row) => row.requests), 1);
  const bar = (value) => {
    const element = h('span', { class: 'inline-bar' });
    element.style.width = `${Math.max(2, (value / most) * 100)}%`;
    return element;
  };
  const rate = (row) => {
    const value = errorRate(row);
    return h('span', { class: `pill ${value ? 'bad' : 'good'}` }, percent(value));
  };
  fill(
    container,
    h(
      'table',
      { 'data-table': 'models' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Model'),
          h('th', { class: 'bar-cell' }, 'Requests'),
          h('th', { class: 'num' }, 'Errors'),
          h('th', { class: 'num' }, 'Tokens'),
          h('th', { class: 'num' }, 'Cost'),
          h('th', { class: 'num' }, 'p50'),
          h('th', { class: 'num' }, 'p95'),
          h('th', { class: 'num' }, 'Cache hits'),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, row.model || '(none)'),
            h('td', { class: 'bar-cell' }, count(row.requests), bar(row.requests)),
            h('td', { class: 'num' }, rate(row)),
            h('td', { class: 'num' }, count(row.total_tokens)),
            h('td', { class: 'num' }, usd(row.cost_usd)),
            h('td', { class: 'num' }, ms(row.latency_p50_ms)),
            h('td', { class: 'num' }, ms(row.latency_p95_ms)),
            h('td', { class: 'num' }, percent(row.cache_hit_rate)),
          ),
        ),
      ),
    ),
  );
}
