// Building DOM without innerHTML: every value from the API (model names, bodies) lands as text.

/**
 * `h('td', { class: 'num' }, '12')`. Props: `class`, `on<event>` handlers, `dataset`, other
 * attributes. Children: nodes, strings, numbers, arrays; null and false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/** Replace an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (no event handlers needed in charts). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) if (child) element.append(child);
  return element;
}

/** A friendly empty state: a title and one line of help. */
export function empty(title, help) {
  return h('div', { class: 'empty' }, h('strong', {}, title), help ? h('span', {}, help) : null);
}

/** A section that could not load: the API's own message, so the user knows what to fix. */
export function failure(error) {
  return h('div', { class: 'alert', role: 'alert' }, h('strong', {}, 'Could not load. '), error?.message ?? String(error));
}
