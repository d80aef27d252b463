// The dashboard's "Download PDF" button: `GET /v1/usage?format=pdf` for the range and key on
// screen, fetched with the signed-in key (an Authorization header, so not a plain link) and
// handed to the browser as a file download.
import { apiError, authHeaders } from './api.js';
import { h } from './dom.js';

/** `switchboard-usage-2026-11-01-2026-11-30[-key_…].pdf` */
export function pdfFileName(query) {
  const key = query.get('key_id');
  return `switchboard-usage-${query.get('from')}-${query.get('to')}${key ? `-${key}` : ''}.pdf`;
}

export async function downloadUsagePdf(query) {
  const pdf = new URLSearchParams(query);
  pdf.set('format', 'pdf');
  const response = await fetch(`/v1/usage?${pdf}`, { headers: authHeaders() });
  if (!response.ok) throw await apiError(response);
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: pdfFileName(query), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its bytes once click() returns; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
