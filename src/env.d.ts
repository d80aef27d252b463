// Secrets and optional vars that `wrangler types` cannot see (they are not in wrangler.toml).
// Names follow ../shared/DESIGN.md "Configuration names"; every one is listed in .dev.vars.example.
interface SwitchboardSecrets {
  SWITCHBOARD_KEYS?: string;
  SWITCHBOARD_ADMIN_TOKEN?: string;
  SWITCHBOARD_CONFIG?: string;
  SWITCHBOARD_MASTER_KEY?: string;
  /** Secret the raw archive's AES-256-GCM key is derived from (archive/codec.ts). */
  SWITCHBOARD_ARCHIVE_KEY?: string;
  /** Older master keys (comma-separated), accepted for decryption only during a rotation. */
  SWITCHBOARD_MASTER_KEY_PREVIOUS?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  GEMINI_API_KEY?: string;
  GEMINI_BASE_URL?: string;
  DEEPSEEK_API_KEY?: string;
  DEEPSEEK_BASE_URL?: string;
  AZURE_OPENAI_API_KEY?: string;
  AZURE_OPENAI_ENDPOINT?: string;
  AZURE_OPENAI_API_VERSION?: string;
  /** OTLP/HTTP base URL; spans go to `<base>/v1/traces` (docs/observability.md). */
  SWITCHBOARD_OTLP_ENDPOINT?: string;
  /** Headers for the OTLP endpoint, `name=value` pairs, comma-separated (a secret: may hold an API key). */
  SWITCHBOARD_OTLP_HEADERS?: string;
  /** Token a Prometheus scraper presents for `GET /metrics` (the admin token works too). */
  SWITCHBOARD_METRICS_TOKEN?: string;
  /** `off` silences the per-request log line (the test runs set it; DEBUG turns it back on). */
  SWITCHBOARD_REQUEST_LOG?: string;
  /** How long stored responses (`POST /v1/responses`, `store: true`) are kept, in seconds (default 30 days). */
  SWITCHBOARD_RESPONSES_RETENTION_SECONDS?: string;
}

declare namespace Cloudflare {
  interface Env extends SwitchboardSecrets {}
}
interface Env extends SwitchboardSecrets {}

declare namespace Cloudflare {
  interface GlobalProps {
    /** Types `exports` from `cloudflare:workers` (used by tests to call the Worker). */
    mainModule: typeof import('./index');
  }
}
