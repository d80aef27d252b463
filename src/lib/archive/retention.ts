/**
 * Archive retention, run by the cron (`scheduled()`): delete archives whose hour partition
 * ended more than `archive.retentionDays` ago — whole batch objects, and single-request objects
 * with their per-key index markers. (Index rows in the key's UsageLedger are pruned by its own
 * alarm with the same cutoff.)
 *
 * Bounded and resumable: each run deletes at most `maxDeletes` objects, in pages of at most
 * 1000 (R2's list and bulk-delete limit). Date paths sort before everything else in the
 * bucket and oldest first, and deleted objects are gone, so the durable cursor is the bucket
 * itself: every listing starts at the oldest surviving archive, and a run cut short (limit,
 * error, eviction) resumes exactly where it stopped on the next run, skipping nothing.
 */
import { getConfig } from '../config';
import { markerPath, parseArchivePath } from './paths';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** R2 returns at most 1000 keys per list and deletes at most 1000 per call. */
export const R2_PAGE_LIMIT = 1000;
export const RETENTION_MAX_DELETES_PER_RUN = 10_000;

export interface RetentionOptions {
  now: number;
  retentionDays: number;
  maxDeletes?: number;
  pageSize?: number;
}

export interface RetentionReport {
  event: 'archive.retention';
  /** Archives from hours that ended before this instant were deleted. */
  cutoff: string;
  retentionDays: number;
  deleted: number;
  markersDeleted: number;
  /** False when the run stopped at its limit; the next run continues. */
  complete: boolean;
  oldestKept: string | null;
}

export async function runRetention(bucket: R2Bucket, options: RetentionOptions): Promise<RetentionReport> {
  const cutoff = options.now - options.retentionDays * DAY_MS;
  const maxDeletes = options.maxDeletes ?? RETENTION_MAX_DELETES_PER_RUN;
  const pageSize = Math.min(options.pageSize ?? R2_PAGE_LIMIT, R2_PAGE_LIMIT);
  const report: RetentionReport = {
    event: 'archive.retention',
    cutoff: new Date(cutoff).toISOString(),
    retentionDays: options.retentionDays,
    deleted: 0,
    markersDeleted: 0,
    complete: false,
    oldestKept: null,
  };
  while (report.deleted < maxDeletes) {
    const listing = await bucket.list({ limit: Math.min(pageSize, maxDeletes - report.deleted) });
    const expired: string[] = [];
    const markers: string[] = [];
    let reachedKept = false;
    for (const object of listing.objects) {
      const parsed = parseArchivePath(object.key);
      if (!parsed || parsed.hourStart + HOUR_MS > cutoff) {
        report.oldestKept = parsed ? object.key : null;
        reachedKept = true;
        break;
      }
      expired.push(object.key);
      if (parsed.requestId) markers.push(markerPath(parsed.keyId, parsed.requestId));
    }
    if (expired.length > 0) {
      await bucket.delete(expired);
      if (markers.length > 0) await bucket.delete(markers);
      report.deleted += expired.length;
      report.markersDeleted += markers.length;
    }
    if (reachedKept || !listing.truncated || listing.objects.length === 0) {
      report.complete = true;
      break;
    }
  }
  return report;
}

/** The cron handler's archive work: one structured log line with what was deleted. */
export async function scheduledRetention(controller: ScheduledController, env: Env): Promise<RetentionReport> {
  const report = await runRetention(env.ARCHIVE, { now: controller.scheduledTime, retentionDays: getConfig(env).archive.retentionDays });
  console.log(JSON.stringify({ level: 'info', ...report }));
  return report;
}
