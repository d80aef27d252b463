// Admin sections: every key with its limits and spend. Keys come from `GET /admin/keys`
// (created through the admin API) and from `GET /v1/usage?group_by=key` (every key with
// usage, bootstrap keys from SWITCHBOARD_KEYS included).
import { getJson } from './api.js';
import { empty, fill, h } from './dom.js';
import { count, percent, usd } from './format.js';

const MAX_PAGES = 20;

/** All stored keys, following the listing's cursor. */
export async function listKeys() {
  const keys = [];
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const listing = await getJson(`/admin/keys?${query}`);
    keys.push(...listing.data);
    cursor = listing.next_cursor;
    if (!cursor) break;
  }
  return keys;
}

function limitsText(limits) {
  if (!limits) return 'none';
  const parts = [];
  if (limits.requestsPerMinute) parts.push(`${count(limits.requestsPerMinute)} rpm`);
  if (limits.tokensPerMinute) parts.push(`${count(limits.tokensPerMinute)} tpm`);
  if (limits.maxConcurrent) parts.push(`${limits.maxConcurrent} concurrent`);
  if (limits.budgetUsd !== undefined) parts.push(`${usd(limits.budgetUsd)}/${limits.budgetPeriod ?? 'month'}`);
  return parts.length ? parts.join(' · ') : 'none';
}

/** One row per key id: stored keys first (by name), then keys seen only in usage. */
export function keyRows(stored, usageByKey) {
  const usage = new Map(usageByKey.data.map((entry) => [entry.key_id, entry]));
  const rows = stored
    .map((key) => ({ id: key.id, name: key.name, status: key.status, limits: key.limits, usage: usage.get(key.id), stored: true }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const known = new Set(rows.map((row) => row.id));
  for (const entry of usageByKey.data) {
    if (!known.has(entry.key_id))
      rows.push({ id: entry.key_id, name: '(bootstrap key)', status: 'active', limits: null, usage: entry, stored: false });
  }
  return rows;
}

/** `onManage(keyId)`: open the key editor (stored keys only; bootstrap keys live in SWITCHBOARD_KEYS). */
export function renderKeys(container, rows, onManage = () => {}) {
  if (rows.length === 0) {
    return fill(container, empty('No keys yet', 'Create one with “New key”, or use a bootstrap key from SWITCHBOARD_KEYS.'));
  }
  fill(
    container,
    h(
      'table',
      { 'data-table': 'keys' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Name'),
          h('th', {}, 'Key id'),
          h('th', {}, 'Status'),
          h('th', {}, 'Limits'),
          h('th', { class: 'num' }, 'Requests'),
          h('th', { class: 'num' }, 'Errors'),
          h('th', { class: 'num' }, 'Tokens'),
          h('th', { class: 'num' }, 'Spend'),
          h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            h('td', {}, row.name),
            h('td', { class: 'mono' }, row.id),
            h('td', {}, h('span', { class: `pill ${row.status === 'active' ? 'good' : 'bad'}` }, row.status)),
            h('td', {}, limitsText(row.limits)),
            h('td', { class: 'num' }, count(row.usage?.requests ?? 0)),
            h('td', { class: 'num' }, row.usage?.requests ? percent(row.usage.failures / row.usage.requests) : '—'),
            h('td', { class: 'num' }, count(row.usage?.total_tokens ?? 0)),
            h('td', { class: 'num' }, usd(row.usage?.cost_usd ?? 0)),
            h(
              'td',
              {},
              row.stored
                ? h(
                    'button',
                    {
                      class: 'button small',
                      type: 'button',
                      'data-manage': row.id,
                      'aria-label': `Manage ${row.name}`,
                      onclick: () => onManage(row.id),
                    },
                    'Manage',
                  )
                : null,
            ),
          ),
        ),
      ),
    ),
  );
}

/** The key filter above the charts: every key, or one. Keeps the current choice. */
export function renderKeyFilter(select, rows) {
  const current = select.value;
  fill(
    select,
    h('option', { value: '' }, 'All keys'),
    rows.map((row) => h('option', { value: row.id }, `${row.name} · ${row.id}`)),
  );
  select.value = rows.some((row) => row.id === current) ? current : '';
}
