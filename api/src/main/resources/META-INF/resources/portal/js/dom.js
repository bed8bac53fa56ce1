// Builds DOM nodes from data. Text always goes in as text (never as HTML), so a config name, url or response body
// can never become markup in the page.

/**
 * h('button', {class: 'primary', onclick: save}, 'Save') -> <button class="primary">Save</button>
 * Attributes: `class`, `for`, `aria-*`, `data-*` and the like are set as attributes; `on*` functions are listeners;
 * `value`, `checked`, `disabled`, `selected`, `hidden` are set as properties. Children may be nodes, strings, numbers,
 * arrays of them, or null/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (['value', 'checked', 'disabled', 'selected', 'hidden', 'required', 'multiple'].includes(name)) {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `element` with `children`. */
export function render(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

let ids = 0;
/** A fresh id for pairing a label with its control. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled control: the label, the control, a hint, and a place for the API's error about this field. */
export function field(label, control, { hint, name } = {}) {
  const id = control.id || uid();
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  if (name) control.dataset.field = name;
  return h('div', { class: 'field', 'data-field-wrapper': name || null },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    error);
}

/** A date as the admin's locale shows it, or a dash. */
export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
