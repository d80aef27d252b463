/**
 * `GET /v1/usage?format=pdf`: a real PDF (pdf-lib loads it) whose title names the period and
 * key, and whose page shows the totals, cost by model and by key, and a daily chart.
 */
import { createExecutionContext, createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { USAGE_QUEUE } from '../../src/lib/usage/consumer';
import { utcDay } from '../../src/lib/usage/ledger-schema';
import { usageEvent } from '../support/accounting';
import { createKey } from '../support/keys';
import { callWorker, handlers } from '../support/worker';

async function record(events: unknown[]) {
  const batch = createMessageBatch(
    USAGE_QUEUE,
    events.map((body, index) => ({ id: `m-${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await handlers.queue(batch, env, createExecutionContext());
}

describe('usage report as PDF', () => {
  it('is a PDF a reader can load, titled with the period and key, with the totals, models and daily chart', async () => {
    const { id: keyId, key } = await createKey();
    const today = Date.now();
    const yesterday = today - 86_400_000;
    await record([
      usageEvent({ keyId, at: yesterday, model: 'gpt-4o-mini', costUsd: 0.0015, costNanoUsd: 1_500_000 }),
      usageEvent({ keyId, at: today, model: 'gpt-4o-mini', costUsd: 0.0025, costNanoUsd: 2_500_000 }),
      usageEvent({ keyId, at: today, provider: 'anthropic', model: 'claude-sonnet-4-5', costUsd: 0.012, costNanoUsd: 12_000_000 }),
    ]);
    const from = utcDay(yesterday);
    const to = utcDay(today);
    const call = await callWorker(`/v1/usage?format=pdf&from=${from}&to=${to}`, { key });
    expect(call.response.status).toBe(200);
    expect(call.response.headers.get('content-type')).toBe('application/pdf');
    expect(call.response.headers.get('content-disposition')).toBe(`attachment; filename="usage-${from}-${to}.pdf"`);
    const bytes = new Uint8Array(await call.response.arrayBuffer());

    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe(`Switchboard usage - key ${keyId} - ${from} to ${to}`);

    // The content stream is uncompressed: the page's text is in the bytes as PDF strings.
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('(Total cost: $0.016000)');
    expect(text).toContain('(Requests: 3 \\(3 succeeded, 0 failed, 0 cancelled\\))');
    expect(text).toContain('(openai/gpt-4o-mini)');
    expect(text).toContain('(anthropic/claude-sonnet-4-5)');
    expect(text).toContain(`(${keyId})`);
    expect(text).toContain('(Daily cost \\(USD\\))');
    // One bar per day: two filled rectangles in the chart.
    expect(text.match(/ re f /g)).toHaveLength(2);
  });

  it('gives every day of the period its slot, and keeps a long title on the page', async () => {
    const { id: keyId, key } = await createKey();
    const today = Date.now();
    await record([usageEvent({ keyId, at: today, model: 'gpt-4o-mini', costUsd: 0.0025, costNanoUsd: 2_500_000 })]);
    const from = utcDay(today - 6 * 86_400_000);
    const to = utcDay(today);
    const call = await callWorker(`/v1/usage?format=pdf&from=${from}&to=${to}`, { key });
    const text = new TextDecoder().decode(new Uint8Array(await call.response.arrayBuffer()));
    // One day of seven with usage: one bar, a seventh of the chart's width, in the last slot.
    const bars = [...text.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f /g)].map((match) => match.slice(1).map(Number));
    expect(bars).toHaveLength(1);
    const [x, , width] = bars[0] ?? [];
    const chartWidth = 595 - 2 * 48;
    expect(width).toBeCloseTo((chartWidth / 7) * 0.7, 1);
    expect(x).toBeGreaterThan(48 + (chartWidth * 6) / 7);
    // The period and key on a line of their own, under the heading.
    expect(text).toContain('(Switchboard usage)');
    expect(text).toContain(`(key ${keyId} - ${from} to ${to})`);
  });
});
