// Number, money, time and size formatting for the dashboard and the playground.

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');

export function count(value) {
  if (value === null || value === undefined) return '—';
  return Math.abs(value) >= 10_000 ? compact.format(value) : whole.format(value);
}

/**
 * Money as money: `$1,234.50`, `$0.00`; fractions of a cent to two significant digits
 * (`$0.0042`, `$0.000014`), never exponents or float noise (`$1.2e-7`, `$0.30000000000000004`).
 */
export function usd(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const sign = value < 0 ? '-' : '';
  const amount = Math.abs(value);
  if (amount === 0) return '$0.00';
  if (amount < 1e-9) return `${sign}< $0.000000001`;
  if (amount < 0.01) {
    const decimals = 1 - Math.floor(Math.log10(amount));
    return `${sign}$${amount.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
  }
  return `${sign}$${amount.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `1 chunk`, `2 chunks`. */
export function plural(n, noun) {
  return `${count(n)} ${n === 1 ? noun : `${noun}s`}`;
}

export function percent(fraction, digits = 1) {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function ms(value) {
  if (value === null || value === undefined) return '—';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${Math.round(value)} ms`;
}

export function bytes(value) {
  if (value === null || value === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${unit === 0 ? size : size.toFixed(1)} ${units[unit]}`;
}

/** `Nov 21` for a `YYYY-MM-DD` day (UTC, as the ledger keeps it). */
export function shortDay(day) {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** `14:00` for a `YYYY-MM-DDTHH:00Z` hour, with the day at midnight (`Nov 21`), UTC as the ledger keeps it. */
export function shortHour(hour) {
  const date = new Date(hour);
  if (date.getUTCHours() === 0) return shortDay(hour.slice(0, 10));
  return `${String(date.getUTCHours()).padStart(2, '0')}:00`;
}

/** Local date and time of an ISO instant, to the second. */
export function dateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** `3 min ago`, for recent rows. */
export function ago(iso, now = Date.now()) {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return `${Math.max(0, seconds)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** `YYYY-MM-DD` (UTC) of an instant. */
export function utcDay(at) {
  return new Date(at).toISOString().slice(0, 10);
}
