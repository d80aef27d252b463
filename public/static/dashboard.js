// The dashboard page: sign in with a gateway key or the admin token, then read the public
// APIs (`/v1/usage`, `/v1/ratelimit`, `/v1/cache/stats`, `/v1/logs`, `/admin/keys`) and draw them.
import { keyRows, listKeys, renderKeyFilter, renderKeys } from './admin-view.js';
import { ApiError, getJson, session, signInMessage } from './api.js';
import { failure } from './dom.js';
import { utcDay } from './format.js';
import { setupKeyManager } from './key-manager.js';
import { recentLogs, renderCache, renderHeadroom, renderRecent } from './key-view.js';
import { openLogPanel } from './log-panel.js';
import { downloadUsagePdf } from './pdf-download.js';
import { setupSignIn, signInError } from './signin.js';
import { setupTheme } from './theme.js';
import { renderDaily, renderKpis, renderModels } from './usage-view.js';

const DAY_MS = 86_400_000;
const $ = (id) => document.getElementById(id);

function showSignIn(message) {
  document.body.dataset.state = 'signed-out';
  $('dashboard').hidden = true;
  $('signin').hidden = false;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  // Nothing of the admin's session stays on the page: no secret, no open key.
  for (const id of ['key-secret', 'key-editor']) {
    $(id).hidden = true;
    $(id).replaceChildren();
  }
  signInError(message);
}

function signOut() {
  session.clear();
  showSignIn(null);
}

async function showDashboard() {
  const admin = session.role === 'admin';
  $('signin').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = admin ? 'Signed in as admin (every key)' : 'Signed in with a gateway key';
  $('headroom-card').hidden = admin;
  // Without the headroom card beside it, the latency chart takes the whole row.
  $('latency-card').classList.toggle('span-8', !admin);
  $('latency-card').classList.toggle('span-12', admin);
  $('recent-card').hidden = admin;
  $('keys-card').hidden = !admin;
  $('key-filter').hidden = !admin;
  await load();
}

/** Run one section; its failure shows in place and never blanks the others. */
async function section(element, work) {
  try {
    await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    element.replaceChildren(failure(error));
  }
}

/** The range and key on screen, as `/v1/usage` parameters. */
function selection() {
  const days = Number($('range').value);
  const now = Date.now();
  const rangeStart = Date.parse(`${utcDay(now - (days - 1) * DAY_MS)}T00:00:00Z`);
  const query = new URLSearchParams({ from: utcDay(rangeStart), to: utcDay(now) });
  if (session.role === 'admin' && $('key-filter').value) query.set('key_id', $('key-filter').value);
  return { days, rangeStart, query };
}

async function downloadPdf() {
  const button = $('download-pdf');
  button.disabled = true;
  $('load-error').hidden = true;
  try {
    await downloadUsagePdf(selection().query);
  } catch (error) {
    $('load-error').textContent = `Could not download the PDF report: ${error?.message ?? error}`;
    $('load-error').hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function load() {
  const admin = session.role === 'admin';
  const { days, rangeStart, query } = selection();
  const usage = (groupBy) => getJson(`/v1/usage?${query}&group_by=${groupBy}`);
  // Two days or less: every chart per hour (the ledger keeps hourly rows for a week).
  const hourly = days <= 2;
  for (const unit of document.querySelectorAll('[data-per]')) unit.textContent = hourly ? 'hour' : 'day';
  const charts = { requests: $('chart-requests'), tokens: $('chart-tokens'), cost: $('chart-cost'), latency: $('chart-latency') };
  $('load-error').hidden = true;
  document.body.dataset.state = 'loading';
  try {
    const byDay = usage(hourly ? 'hour' : 'day');
    await Promise.all([
      section($('kpis'), async () => renderKpis($('kpis'), (await byDay).totals, (await byDay).dead_lettered_events)),
      section($('chart-requests'), async () => renderDaily(charts, await byDay)),
      section($('models'), async () => renderModels($('models'), await usage('model'))),
      section($('cache'), async () => renderCache($('cache'), (await byDay).totals, admin ? null : await getJson('/v1/cache/stats'))),
      admin ? null : section($('headroom'), async () => renderHeadroom($('headroom'), await getJson('/v1/ratelimit'))),
      admin ? null : section($('recent'), async () => renderRecent($('recent'), await recentLogs(rangeStart))),
      admin ? section($('keys'), () => loadKeys(query)) : null,
    ]);
    document.body.dataset.state = 'ready';
  } catch (error) {
    // The key stopped working (revoked, rotated out): back to sign-in, saying why.
    session.clear();
    showSignIn(signInMessage(error));
  }
}

async function loadKeys(query) {
  const everyKey = new URLSearchParams(query);
  everyKey.delete('key_id');
  const [stored, byKey] = await Promise.all([listKeys(), getJson(`/v1/usage?${everyKey}&group_by=key`)]);
  const rows = keyRows(stored, byKey);
  renderKeyFilter($('key-filter'), rows);
  renderKeys($('keys'), rows, keyManager.openEdit);
}

/** Reload only the key table (after a key was created, changed, rotated or revoked). */
async function reloadKeys() {
  const days = Number($('range').value);
  const now = Date.now();
  await section($('keys'), () => loadKeys(new URLSearchParams({ from: utcDay(now - (days - 1) * DAY_MS), to: utcDay(now) })));
}

const keyManager = setupKeyManager({ editor: $('key-editor'), secret: $('key-secret'), refresh: reloadKeys });

function openFromHash() {
  const match = /^#log=(req_[0-9a-f]{32})$/.exec(location.hash);
  if (match && session.key && session.role === 'key') openLogPanel(match[1]);
}

setupTheme($('theme'));
setupSignIn({ allowAdmin: true, onSignedIn: showDashboard });
$('sign-out').addEventListener('click', signOut);
$('range').addEventListener('change', load);
$('key-filter').addEventListener('change', load);
$('refresh').addEventListener('click', load);
$('download-pdf').addEventListener('click', downloadPdf);
$('new-key').addEventListener('click', () => keyManager.openCreate());
window.addEventListener('hashchange', openFromHash);
if (session.key) {
  showDashboard().then(openFromHash);
} else {
  showSignIn(null);
}
