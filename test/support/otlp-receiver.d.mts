export interface OtlpReceiver {
  url: string;
  exports: {
    headers: Record<string, string | string[] | undefined>;
    body: { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
  }[];
  readonly refused: number;
  spans(): Record<string, unknown>[];
  failNext(count: number): void;
  close(): Promise<void>;
}
export function startOtlpReceiver(): Promise<OtlpReceiver>;
