/** RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF. */
import { GROUP_COLUMN, type UsageReport } from './report';

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One row per group, columns as in the JSON `data` (no totals row, so every row means the same thing). */
export function usageCsv(report: UsageReport): string {
  const header = [GROUP_COLUMN[report.group_by], ...Object.keys(report.totals)];
  const rows = report.data.map((entry) => {
    const values: Record<string, string | number | null | undefined> = { ...entry };
    return header.map((name) => values[name] ?? null);
  });
  return toCsv(header, rows);
}
