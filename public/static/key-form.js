// The key form's fields ⇄ the admin API's key fields (`name`, allow-lists, `limits`). Every
// control has a visible label. Empty fields mean "no such limit"; the API validates the rest
// and its 400 names the field, shown in the form.
import { h } from './dom.js';

/** [field name, label, hint, input attributes] of the numeric limits, in `limits` order. */
const LIMIT_FIELDS = [
  ['requestsPerMinute', 'Requests per minute', 'rpm', { min: 1, step: 1 }],
  ['tokensPerMinute', 'Tokens per minute', 'tpm', { min: 1, step: 1 }],
  ['maxConcurrent', 'Concurrent requests', 'in flight at once', { min: 1, step: 1 }],
  ['budgetUsd', 'Budget (USD)', 'spend per period', { min: 0, step: 0.01 }],
];

function field(id, label, control, hint) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

function input(id, name, value, attributes = {}) {
  return h('input', { class: 'input', id, name, value: value ?? '', 'aria-describedby': `${id}-hint`, ...attributes });
}

const listText = (list) => (list ?? []).join(', ');

/** The form's fieldsets for a key (empty for a new one). `prefix` keeps ids unique per form. */
export function keyFields(key = {}, prefix = 'key') {
  const limits = key.limits ?? {};
  const id = (name) => `${prefix}-${name}`;
  return [
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', {}, 'Key'),
      field(id('name'), 'Name', input(id('name'), 'name', key.name, { required: true, maxlength: 200 }), 'shown in the key list'),
    ),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', {}, 'Access'),
      field(
        id('allowedModels'),
        'Allowed models',
        input(id('allowedModels'), 'allowedModels', listText(key.allowedModels), { placeholder: 'openai/gpt-4o*, anthropic/*' }),
        'comma-separated provider/model patterns; empty allows every model',
      ),
      field(
        id('allowedProviders'),
        'Allowed providers',
        input(id('allowedProviders'), 'allowedProviders', listText(key.allowedProviders), { placeholder: 'openai, anthropic' }),
        'comma-separated provider ids; empty allows every provider',
      ),
    ),
    h(
      'fieldset',
      { class: 'form-section limits' },
      h('legend', {}, 'Limits'),
      LIMIT_FIELDS.map(([name, label, hint, attributes]) =>
        field(id(name), label, input(id(name), name, limits[name], { type: 'number', inputmode: 'decimal', ...attributes }), hint),
      ),
      field(
        id('budgetPeriod'),
        'Budget period',
        h(
          'select',
          { id: id('budgetPeriod'), name: 'budgetPeriod', 'aria-describedby': `${id('budgetPeriod')}-hint` },
          ['month', 'day'].map((period) => h('option', { value: period, selected: (limits.budgetPeriod ?? 'month') === period }, period)),
        ),
        'when the budget resets (UTC)',
      ),
      field(
        id('queueMaxWaitMs'),
        'Queue: longest wait (ms)',
        input(id('queueMaxWaitMs'), 'queueMaxWaitMs', limits.queue?.maxWaitMs, { type: 'number', min: 1, step: 1 }),
        'over a limit, wait this long instead of a 429',
      ),
      field(
        id('queueMaxQueued'),
        'Queue: most waiting',
        input(id('queueMaxQueued'), 'queueMaxQueued', limits.queue?.maxQueued, { type: 'number', min: 1, step: 1 }),
        'requests waiting at once',
      ),
    ),
  ];
}

const splitList = (text) =>
  text
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);

/**
 * The API fields from a form. `forUpdate`: cleared fields become `null` (PATCH removes them);
 * for a create they are left out.
 */
export function keyInput(form, { forUpdate = false } = {}) {
  const value = (name) => form.elements.namedItem(name)?.value.trim() ?? '';
  const number = (name) => (value(name) === '' ? undefined : Number(value(name)));
  const cleared = forUpdate ? null : undefined;
  const limits = {};
  for (const [name] of LIMIT_FIELDS) if (number(name) !== undefined) limits[name] = number(name);
  if (limits.budgetUsd !== undefined) limits.budgetPeriod = value('budgetPeriod') || 'month';
  const maxWaitMs = number('queueMaxWaitMs');
  const maxQueued = number('queueMaxQueued');
  if (maxWaitMs !== undefined || maxQueued !== undefined) limits.queue = { maxWaitMs, maxQueued };
  const models = splitList(value('allowedModels'));
  const providers = splitList(value('allowedProviders'));
  const input = {
    name: value('name'),
    allowedModels: models.length ? models : cleared,
    allowedProviders: providers.length ? providers : cleared,
    limits: Object.keys(limits).length ? limits : cleared,
  };
  return Object.fromEntries(Object.entries(input).filter(([, entry]) => entry !== undefined));
}
