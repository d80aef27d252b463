/**
 * One request's raw exchange, captured for the archive while the request runs: the inbound
 * body, every provider request actually sent (credentials stripped), each raw provider
 * answer or stream chunk, and the bytes the client received. Everything shares one capped
 * budget (chunk-log.ts). With content redaction on, only sizes, counts and timings are kept:
 * the content is never held, not merely dropped at write time.
 */

import type { HttpRequestSpec, Target } from '../../providers/types';
import type { ExchangeObserver } from '../pipeline/exchange-observer';
import { CaptureBudget, type CapturedChunk, type CapturedText, ChunkLog } from './chunk-log';
import { archivableHeaders, archivableUrl, withoutSecret } from './headers';

export interface CapturedResponse {
  status: number;
  at: number;
  headers: Record<string, string>;
  body?: CapturedText;
  stream?: ChunkLog;
}

export interface CapturedAttempt {
  sentAt: number;
  url: string;
  headers: Record<string, string>;
  body: CapturedText;
  response?: CapturedResponse;
}

export interface CapturedClient {
  status: number;
  headers: Record<string, string>;
  log: ChunkLog;
  /** The client read the whole body. */
  completed: boolean;
  /** The client went away before the end. */
  cancelled: boolean;
}

export interface CaptureOptions {
  redactContent: boolean;
  encrypt: boolean;
  limitBytes?: number;
  now?: () => number;
}

export class ExchangeCapture implements ExchangeObserver {
  readonly redactContent: boolean;
  readonly encrypt: boolean;
  readonly budget: CaptureBudget;
  readonly attempts: CapturedAttempt[] = [];
  inbound: CapturedText | undefined;
  client: CapturedClient | undefined;
  readonly now: () => number;
  /** The current attempt's provider key, only to scrub it from what is kept. Never archived. */
  #secret: string | undefined;
  readonly #clientSettled: Promise<void>;
  #settleClient!: () => void;

  constructor(options: CaptureOptions) {
    this.redactContent = options.redactContent;
    this.encrypt = options.encrypt;
    this.budget = new CaptureBudget(!options.redactContent, options.limitBytes);
    this.now = options.now ?? Date.now;
    this.#clientSettled = new Promise((resolve) => {
      this.#settleClient = resolve;
    });
  }

  get truncated(): boolean {
    return this.budget.truncated;
  }

  inboundBody(text: string | undefined): void {
    if (text !== undefined) this.inbound = this.budget.text(text);
  }

  providerRequest(spec: HttpRequestSpec, target: Target): void {
    const secret = target.apiKey;
    this.#secret = secret;
    this.attempts.push({
      sentAt: this.now(),
      url: withoutSecret(archivableUrl(spec.url), secret),
      headers: archivableHeaders(spec.headers),
      body: this.budget.text(withoutSecret(spec.body, secret)),
    });
  }

  providerResponse(status: number, headers: Headers, body?: string): void {
    const attempt = this.attempts.at(-1);
    if (!attempt) return;
    const response: CapturedResponse = { status, at: this.now(), headers: archivableHeaders(headers) };
    if (body !== undefined) response.body = this.budget.text(withoutSecret(body, this.#secret));
    else response.stream = new ChunkLog(this.budget);
    attempt.response = response;
  }

  providerChunk(bytes: Uint8Array): void {
    this.attempts.at(-1)?.response?.stream?.add(bytes, this.now());
  }

  /** Begin recording what the client receives; `finished` is called once it settles. */
  clientResponse(status: number, headers: Headers): CapturedClient {
    this.client = { status, headers: archivableHeaders(headers), log: new ChunkLog(this.budget), completed: false, cancelled: false };
    return this.client;
  }

  clientFinished(): void {
    this.#settleClient();
  }

  /** Resolves when the client has the whole response or went away, or after `timeoutMs`. */
  async clientSettled(timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.#clientSettled, timeout]);
    if (timer !== undefined) clearTimeout(timer);
  }
}

export type { CapturedChunk, CapturedText };
