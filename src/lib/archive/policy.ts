/**
 * Whether and how a request is archived: the gateway's `archive` config, tightened by the
 * key's `logging` policy. A key may switch its archive off or on; redaction and encryption
 * can only be added by a key, never removed (the stricter setting wins).
 */
import type { Context } from 'hono';
import type { ArchiveSettings } from '../config';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { rawBodyOf } from '../http/validation';
import type { GatewayKey } from '../keys/gateway-key';
import { ExchangeCapture } from './capture';

export interface ArchivePolicy {
  archive: boolean;
  redactContent: boolean;
  encrypt: boolean;
}

export function archivePolicy(settings: ArchiveSettings, key: GatewayKey): ArchivePolicy {
  const logging = key.logging ?? {};
  return {
    archive: logging.archive ?? settings.enabled,
    redactContent: settings.redactContent || logging.redactContent === true,
    encrypt: settings.encrypt || logging.encrypt === true,
  };
}

/** Start capturing this request's exchange, or undefined when it is not archived. */
export function startCapture(c: Context<AppEnv>): ExchangeCapture | undefined {
  const policy = archivePolicy(getConfig(c.env).archive, c.get('key'));
  if (!policy.archive) return undefined;
  const capture = new ExchangeCapture({ redactContent: policy.redactContent, encrypt: policy.encrypt });
  capture.inboundBody(rawBodyOf(c.req.raw));
  c.set('exchange', capture);
  return capture;
}
