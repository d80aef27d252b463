/** Admin calls the e2e tests need: a fresh gateway key, so a test's usage, logs and cache are its own. */
import { DEV_ADMIN_TOKEN } from '../../../scripts/local-gateway.mjs';

export interface CreatedKey {
  id: string;
  key: string;
}

export async function createGatewayKey(gatewayUrl: string, name: string, policy: Record<string, unknown> = {}): Promise<CreatedKey> {
  const response = await fetch(`${gatewayUrl}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, ...policy }),
  });
  if (response.status !== 201) throw new Error(`POST /admin/keys answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as CreatedKey;
}
