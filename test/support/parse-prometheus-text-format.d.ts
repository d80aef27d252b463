declare module 'parse-prometheus-text-format' {
  /** Metric families parsed from the Prometheus text exposition format. */
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
