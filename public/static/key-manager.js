// Key management for the admin (`/admin/keys…` of the admin API): create a key, edit its access
// and limits, rotate its secret with a grace period, revoke it, and set or clear its own provider
// credentials (BYOK, sealed by the gateway and never shown back). Secrets appear once, in the
// secret box (secret-once.js).
import { getJson, sendJson } from './api.js';
import { empty, failure, fill, h } from './dom.js';
import { dateTime } from './format.js';
import { keyFields, keyInput } from './key-form.js';
import { showSecretOnce } from './secret-once.js';

/** Provider ids a credential can be stored for (built in; any configured id is accepted too). */
const PROVIDER_IDS = ['openai', 'anthropic', 'gemini', 'azure', 'deepseek', 'groq', 'mistral', 'together', 'openrouter', 'xai', 'vllm'];
const DEFAULT_GRACE_SECONDS = 86_400;

const keyPath = (id) => `/admin/keys/${encodeURIComponent(id)}`;

function errorBox(id) {
  return h('div', { class: 'alert', id, role: 'alert', hidden: true });
}

function showError(box, error) {
  box.textContent = error?.message ?? String(error);
  box.hidden = false;
}

/** Run an action from a button: disabled while it runs, its failure shown in `box`. */
async function act(button, box, work) {
  box.hidden = true;
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    showError(box, error);
  } finally {
    button.disabled = false;
  }
}

/**
 * `elements`: `{ editor, secret }` containers; `refresh()` reloads the key table after a change.
 * Returns `{ openCreate, openEdit(keyId) }`.
 */
export function setupKeyManager({ editor, secret, refresh }) {
  const close = () => {
    editor.hidden = true;
    editor.replaceChildren();
  };

  function openCreate() {
    const error = errorBox('key-form-error');
    const submit = h('button', { class: 'button primary', type: 'submit', id: 'key-submit' }, 'Create key');
    const form = h(
      'form',
      { id: 'key-form', class: 'key-form', 'aria-labelledby': 'key-editor-title', novalidate: true },
      keyFields({}, 'new'),
      error,
      h('div', { class: 'actions' }, submit, h('button', { class: 'button', type: 'button', onclick: close }, 'Cancel')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(submit, error, async () => {
        const created = await sendJson('/admin/keys', 'POST', keyInput(form));
        close();
        showSecretOnce(secret, created, { title: `Key “${created.name}” created` });
        await refresh();
      });
    });
    fill(editor, h('h3', { id: 'key-editor-title' }, 'New key'), form);
    editor.hidden = false;
    form.elements.namedItem('name').focus();
  }

  async function openEdit(keyId) {
    fill(editor, h('p', { class: 'hint' }, 'Loading the key…'));
    editor.hidden = false;
    try {
      const [key, credentials] = await Promise.all([getJson(keyPath(keyId)), getJson(`${keyPath(keyId)}/providers`)]);
      renderEdit(key, credentials.data);
    } catch (error) {
      fill(editor, failure(error));
    }
  }

  function renderEdit(key, credentials) {
    const revoked = key.status === 'revoked';
    fill(
      editor,
      h(
        'h3',
        { id: 'key-editor-title' },
        `${key.name} `,
        h('span', { class: 'mono muted' }, key.id),
        revoked ? h('span', { class: 'pill bad' }, 'revoked') : null,
      ),
      limitsForm(key),
      revoked ? null : rotateSection(key),
      credentialSection(key, credentials),
      revoked ? null : revokeSection(key),
      h('div', { class: 'actions' }, h('button', { class: 'button', type: 'button', id: 'key-close', onclick: close }, 'Close')),
    );
  }

  function limitsForm(key) {
    const error = errorBox('key-form-error');
    const status = h('span', { class: 'hint', role: 'status', id: 'key-saved' });
    const submit = h('button', { class: 'button primary', type: 'submit', id: 'key-submit' }, 'Save changes');
    const form = h(
      'form',
      { id: 'key-form', class: 'key-form', 'aria-labelledby': 'key-editor-title', novalidate: true },
      keyFields(key, 'edit'),
      error,
      h('div', { class: 'actions' }, submit, status),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(submit, error, async () => {
        const updated = await sendJson(keyPath(key.id), 'PATCH', keyInput(form, { forUpdate: true }));
        const saved = `Saved at ${dateTime(new Date().toISOString())}.`;
        await refresh();
        // The form again, as stored (a cleared field shows empty), then the confirmation in it.
        renderEdit(updated, (await getJson(`${keyPath(key.id)}/providers`)).data);
        editor.querySelector('#key-saved').textContent = saved;
      });
    });
    return form;
  }

  function rotateSection(key) {
    const error = errorBox('rotate-error');
    const grace = h('input', {
      class: 'input',
      id: 'rotate-grace',
      type: 'number',
      min: 0,
      step: 1,
      value: DEFAULT_GRACE_SECONDS,
      'aria-describedby': 'rotate-grace-hint',
    });
    const button = h('button', { class: 'button', type: 'button', id: 'rotate' }, 'Rotate secret');
    button.addEventListener('click', () =>
      act(button, error, async () => {
        const rotated = await sendJson(`${keyPath(key.id)}/rotate`, 'POST', { graceSeconds: Number(grace.value || 0) });
        showSecretOnce(secret, rotated, { title: `New secret for “${rotated.name}”` });
        await refresh();
      }),
    );
    return h(
      'section',
      { class: 'form-section', 'aria-labelledby': 'rotate-title' },
      h('h4', { id: 'rotate-title' }, 'Rotate the secret'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'rotate-grace' }, 'Grace for the old secret (seconds)'),
        grace,
        h('span', { class: 'hint', id: 'rotate-grace-hint' }, '0 refuses the old secret at once; at most 30 days'),
      ),
      error,
      h('div', { class: 'actions' }, button),
    );
  }

  function credentialSection(key, credentials) {
    const error = errorBox('byok-error');
    const list = credentials.length
      ? h(
          'ul',
          { class: 'credential-list', id: 'byok-list' },
          credentials.map((credential) => {
            const clear = h(
              'button',
              { class: 'button', type: 'button', 'data-clear-provider': credential.provider },
              `Clear ${credential.provider}`,
            );
            clear.addEventListener('click', () =>
              act(clear, error, async () => {
                await sendJson(`${keyPath(key.id)}/providers/${encodeURIComponent(credential.provider)}`, 'DELETE');
                await openEdit(key.id);
              }),
            );
            return h(
              'li',
              { 'data-provider': credential.provider },
              h('span', { class: 'mono' }, credential.provider),
              h('span', { class: 'hint' }, ` set ${dateTime(credential.updatedAt)} · sealed with ${credential.masterKeyId}`),
              clear,
            );
          }),
        )
      : h('div', { id: 'byok-list' }, empty('No provider credentials', 'Requests use the gateway’s own provider keys.'));
    const provider = h('input', {
      class: 'input mono',
      id: 'byok-provider',
      list: 'byok-providers',
      required: true,
      placeholder: 'openai',
      autocomplete: 'off',
    });
    const apiKey = h('input', {
      class: 'input mono',
      id: 'byok-key',
      type: 'password',
      required: true,
      autocomplete: 'new-password',
      'aria-describedby': 'byok-key-hint',
    });
    const save = h('button', { class: 'button', type: 'submit', id: 'byok-save' }, 'Save credential');
    const form = h(
      'form',
      { id: 'byok-form', 'aria-labelledby': 'byok-title', novalidate: true },
      h(
        'datalist',
        { id: 'byok-providers' },
        PROVIDER_IDS.map((id) => h('option', { value: id })),
      ),
      h('div', { class: 'field' }, h('label', { for: 'byok-provider' }, 'Provider'), provider),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'byok-key' }, 'Provider API key'),
        apiKey,
        h('span', { class: 'hint', id: 'byok-key-hint' }, 'Sealed with the gateway’s master key; never shown again'),
      ),
      h('div', { class: 'actions' }, save),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(save, error, async () => {
        await sendJson(`${keyPath(key.id)}/providers/${encodeURIComponent(provider.value.trim())}`, 'PUT', { apiKey: apiKey.value });
        apiKey.value = '';
        await openEdit(key.id);
      });
    });
    return h(
      'section',
      { class: 'form-section', 'aria-labelledby': 'byok-title' },
      h('h4', { id: 'byok-title' }, 'Provider credentials (bring your own key)'),
      list,
      form,
      error,
    );
  }

  function revokeSection(key) {
    const error = errorBox('revoke-error');
    const confirm = h('button', { class: 'button danger', type: 'button', id: 'revoke-confirm', hidden: true }, `Yes, revoke ${key.name}`);
    const start = h('button', { class: 'button danger', type: 'button', id: 'revoke' }, 'Revoke key');
    start.addEventListener('click', () => {
      start.hidden = true;
      confirm.hidden = false;
      confirm.focus();
    });
    confirm.addEventListener('click', () =>
      act(confirm, error, async () => {
        await sendJson(keyPath(key.id), 'DELETE');
        await refresh();
        await openEdit(key.id);
      }),
    );
    return h(
      'section',
      { class: 'form-section', 'aria-labelledby': 'revoke-title' },
      h('h4', { id: 'revoke-title' }, 'Revoke'),
      h('p', { class: 'hint' }, 'A revoked key is refused from its next request, on every route. This cannot be undone.'),
      error,
      h('div', { class: 'actions' }, start, confirm),
    );
  }

  return { openCreate, openEdit };
}
