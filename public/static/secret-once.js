// A new key's secret, shown once (after create or rotate) with a copy button. The gateway keeps
// only its hash: once this box is dismissed the secret cannot be shown again.
import { fill, h } from './dom.js';
import { dateTime } from './format.js';

async function copy(text, input) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API (insecure origin, permission): select it and use the legacy command.
    input.select();
    if (!document.execCommand('copy')) throw new Error('copy refused');
  }
}

/** Fill `container` with the secret of `result` (an admin API answer carrying `key`). */
export function showSecretOnce(container, result, { title }) {
  const status = h('span', { class: 'hint', id: 'secret-copy-status', role: 'status', 'aria-live': 'polite' });
  const value = h('input', {
    class: 'input mono',
    id: 'secret-value',
    readonly: true,
    value: result.key,
    'aria-describedby': 'secret-help',
  });
  const copyButton = h(
    'button',
    {
      class: 'button primary',
      type: 'button',
      id: 'secret-copy',
      onclick: async () => {
        try {
          await copy(result.key, value);
          status.textContent = 'Copied to the clipboard.';
        } catch {
          status.textContent = 'Could not copy: select the text and copy it by hand.';
        }
      },
    },
    'Copy',
  );
  const done = h(
    'button',
    {
      class: 'button',
      type: 'button',
      id: 'secret-done',
      onclick: () => {
        container.hidden = true;
        container.replaceChildren();
      },
    },
    'Done',
  );
  fill(
    container,
    h('h3', {}, title),
    h(
      'p',
      { id: 'secret-help' },
      h('strong', {}, 'Copy this secret now: it is shown only once.'),
      ' The gateway stores only its hash.',
      result.previousKeyExpiresAt ? ` The previous secret keeps working until ${dateTime(result.previousKeyExpiresAt)}.` : '',
    ),
    h('div', { class: 'field' }, h('label', { for: 'secret-value' }, `Secret of ${result.name} (${result.id})`), value),
    h('div', { class: 'actions' }, copyButton, done, status),
  );
  container.hidden = false;
  value.focus();
  value.select();
}
