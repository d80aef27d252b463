/**
 * `GET /v1/usage?format=pdf`: the usage report on one printable page — the period and key in
 * the title, the totals, a daily chart (cost, or requests when nothing was priced), and cost
 * by model and by key (the largest first; the rest summed on one line).
 */
import { PAGE, PdfPage, writePdf } from './pdf-writer';
import type { UsageGroup, UsageReport } from './report';

export interface UsageViews {
  byDay: UsageReport;
  byModel: UsageReport;
  byKey: UsageReport;
}

const MARGIN = 48;
const TABLE_ROWS = 12;

export const formatUsd = (usd: number) => `$${usd.toFixed(6)}`;
const formatCount = (value: number) => value.toLocaleString('en-US');

const whoAndWhen = (report: UsageReport) =>
  `${report.key_id === null ? 'all keys' : `key ${report.key_id}`} - ${report.from} to ${report.to}`;

export function usageTitle(report: UsageReport): string {
  return `Switchboard usage - ${whoAndWhen(report)}`;
}

const DAY_MS = 86_400_000;

/** Every day of the period, a day without usage as an empty row, so each bar sits on its own day. */
export function everyDay(report: UsageReport): UsageGroup[] {
  const byDay = new Map(report.data.map((row) => [row.day, row]));
  const days: UsageGroup[] = [];
  for (let at = Date.parse(`${report.from}T00:00:00Z`); at <= Date.parse(`${report.to}T00:00:00Z`); at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    days.push(byDay.get(day) ?? ({ day, requests: 0, cost_usd: 0 } as UsageGroup));
  }
  return days;
}

function chart(page: PdfPage, top: number, days: UsageGroup[]): number {
  const height = 150;
  const width = PAGE.width - 2 * MARGIN;
  const byCost = days.some((day) => day.cost_usd > 0);
  const value = (day: UsageGroup) => (byCost ? day.cost_usd : day.requests);
  const max = Math.max(0, ...days.map(value));
  page.text(MARGIN, top, 12, byCost ? 'Daily cost (USD)' : 'Daily requests (nothing priced)', 'bold');
  const base = top - 20 - height;
  page.line(MARGIN, base, MARGIN + width, base);
  page.text(MARGIN, top - 14, 8, `max ${byCost ? formatUsd(max) : formatCount(max)}`);
  const slot = days.length > 0 ? width / days.length : width;
  days.forEach((day, index) => {
    const barHeight = max > 0 ? (value(day) / max) * (height - 10) : 0;
    if (barHeight > 0) page.rect(MARGIN + index * slot + slot * 0.15, base, Math.max(1, slot * 0.7), barHeight, 0.35);
  });
  const first = days[0]?.day;
  const last = days.at(-1)?.day;
  if (first) page.text(MARGIN, base - 12, 8, first);
  if (last && last !== first) page.text(MARGIN + width - 48, base - 12, 8, last);
  if (max === 0) page.text(MARGIN, base + height / 2, 10, 'No usage in this period.');
  return base - 34;
}

function table(page: PdfPage, top: number, heading: string, column: 'model' | 'key_id', rows: UsageGroup[]): number {
  page.text(MARGIN, top, 12, heading, 'bold');
  let y = top - 18;
  const columns = [MARGIN, MARGIN + 280, MARGIN + 360, MARGIN + 430];
  ['name', 'requests', 'tokens', 'cost'].forEach((label, index) => {
    page.text(columns[index] ?? MARGIN, y, 9, label, 'bold');
  });
  const sorted = [...rows].sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests);
  const shown = sorted.slice(0, TABLE_ROWS);
  const rest = sorted.slice(TABLE_ROWS);
  const lines = shown.map((row) => [String(row[column] ?? ''), row.requests, row.total_tokens, row.cost_usd] as const);
  if (rest.length > 0) {
    const sum = (pick: (row: UsageGroup) => number) => rest.reduce((total, row) => total + pick(row), 0);
    lines.push([`(${rest.length} more)`, sum((row) => row.requests), sum((row) => row.total_tokens), sum((row) => row.cost_usd)]);
  }
  for (const [name, requests, tokens, cost] of lines) {
    y -= 13;
    page.text(columns[0] ?? MARGIN, y, 9, name.length > 52 ? `${name.slice(0, 51)}...` : name);
    page.text(columns[1] ?? MARGIN, y, 9, formatCount(requests));
    page.text(columns[2] ?? MARGIN, y, 9, formatCount(tokens));
    page.text(columns[3] ?? MARGIN, y, 9, formatUsd(cost));
  }
  if (lines.length === 0) {
    y -= 13;
    page.text(MARGIN, y, 9, 'None.');
  }
  return y - 26;
}

export function usagePdf({ byDay, byModel, byKey }: UsageViews): Uint8Array {
  const page = new PdfPage();
  const totals = byDay.totals;
  const title = usageTitle(byDay);
  let y = PAGE.height - MARGIN;
  // The title in two lines, so a long key id and period stay on the page.
  page.text(MARGIN, y, 16, 'Switchboard usage', 'bold');
  y -= 18;
  page.text(MARGIN, y, 11, whoAndWhen(byDay), 'bold');
  y -= 22;
  const summary = [
    `Requests: ${formatCount(totals.requests)} (${formatCount(totals.successes)} succeeded, ${formatCount(totals.failures)} failed, ${formatCount(totals.cancelled)} cancelled)`,
    `Tokens: ${formatCount(totals.total_tokens)} (prompt ${formatCount(totals.prompt_tokens)}, completion ${formatCount(totals.completion_tokens)}, cached ${formatCount(totals.cached_tokens)})`,
    `Total cost: ${formatUsd(totals.cost_usd)}`,
    `Estimated requests: ${formatCount(totals.estimated_requests)}; events not stored (dead-lettered): ${formatCount(byDay.dead_lettered_events)}`,
  ];
  for (const line of summary) {
    page.text(MARGIN, y, 10, line);
    y -= 14;
  }
  y = chart(page, y - 16, everyDay(byDay));
  y = table(page, y, 'Cost by model', 'model', byModel.data);
  table(page, y, 'Cost by key', 'key_id', byKey.data);
  return writePdf(page, title);
}
