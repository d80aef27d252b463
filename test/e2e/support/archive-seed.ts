/**
 * Old archives for the retention test. Under `wrangler dev` the cron runs at the real "now"
 * (`/cdn-cgi/handler/scheduled` takes no time), and a gateway only writes archives for the current hour, so
 * archives from past days are put straight into a local state directory, through wrangler's
 * own local R2 (`getPlatformProxy`), before a gateway is started on it with `--persist-to`.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { getPlatformProxy } from 'wrangler';
import { archivePath, markerPath } from '../../../src/lib/archive/paths';
import { newRequestId } from '../../../src/lib/http/request-context';

/** The key id the gateway derives from a key (src/lib/keys/keys.ts: `key_` + 16 hex of its SHA-256). */
export function keyIdOf(secret: string): string {
  return `key_${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

export interface SeededArchive {
  requestId: string;
  path: string;
}

/** Put an archive and its index marker for each arrival time, as the gateway would have. */
export async function seedArchives(persistTo: string, keyId: string, arrivals: number[]): Promise<SeededArchive[]> {
  // Only the bucket: the gateway's own config would also declare Durable Objects this proxy has no code for.
  const configPath = join(persistTo, 'seed.wrangler.toml');
  await writeFile(
    configPath,
    'name = "archive-seed"\ncompatibility_date = "2026-10-01"\n[[r2_buckets]]\nbinding = "ARCHIVE"\nbucket_name = "switchboard-archive"\n',
  );
  const proxy = await getPlatformProxy<{ ARCHIVE: R2Bucket }>({
    configPath,
    persist: { path: join(persistTo, 'v3') },
    remoteBindings: false,
  });
  try {
    const seeded: SeededArchive[] = [];
    for (const receivedAt of arrivals) {
      const requestId = newRequestId(receivedAt);
      const path = archivePath(keyId, requestId) ?? '';
      const metadata = {
        requestId,
        receivedAt: String(receivedAt),
        provider: 'openai',
        model: 'seeded',
        status: '200',
        stream: 'false',
        attempts: '1',
      };
      const record = { version: 1, requestId, keyId, requestedModel: 'seeded', status: 200, timings: { receivedAt } };
      await proxy.env.ARCHIVE.put(path, gzipSync(JSON.stringify(record)), { customMetadata: metadata });
      await proxy.env.ARCHIVE.put(markerPath(keyId, requestId), null, { customMetadata: metadata });
      seeded.push({ requestId, path });
    }
    return seeded;
  } finally {
    await proxy.dispose();
  }
}
