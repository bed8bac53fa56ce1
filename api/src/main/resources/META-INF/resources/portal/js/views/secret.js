import { h, render, uid } from '../dom.js';

/**
 * A write-only secret: the API's keep / clear / set rule as a control. A stored secret is never shown (the API never
 * returns it); the field says it is set, and is kept unless the admin types a new one or clears it.
 *
 * value(): undefined = keep (omit from the request), null = clear, a string = set.
 */
export function secretField(label, { stored, name }) {
  const id = uid('secret');
  const input = h('input', { type: 'password', id, autocomplete: 'new-password', spellcheck: 'false' });
  input.dataset.field = name;
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  input.setAttribute('aria-describedby', `${id}-state ${id}-error`);
  let mode = stored ? 'keep' : 'set';
  const state = h('p', { class: 'hint', id: `${id}-state` });
  const controls = h('div', { class: 'secret-controls' });

  function show() {
    input.hidden = mode !== 'set';
    if (mode === 'keep') {
      render(state, 'A value is set. It is kept unless you replace or clear it.');
      render(controls,
        h('button', { type: 'button', onclick: () => { mode = 'set'; show(); input.focus(); } }, `Replace ${label.toLowerCase()}`),
        h('button', { type: 'button', class: 'danger-text', onclick: () => { mode = 'clear'; show(); } }, `Clear ${label.toLowerCase()}`));
    } else if (mode === 'clear') {
      render(state, 'The value will be removed when you save; the webhook is incomplete until a new one is set.');
      render(controls, h('button', { type: 'button', onclick: () => { mode = 'keep'; show(); } }, 'Keep the stored value'));
    } else {
      render(state, stored ? 'Type the new value. Leave it empty to keep the stored one.' : '');
      render(controls, stored
        ? h('button', { type: 'button', onclick: () => { input.value = ''; mode = 'keep'; show(); } }, 'Keep the stored value')
        : null);
    }
  }
  show();

  const element = h('div', { class: 'field secret', 'data-field-wrapper': name },
    h('label', { for: id }, label), input, state, controls, error);
  return {
    element,
    value() {
      if (mode === 'clear') return null;
      if (mode === 'keep' || (stored && input.value === '')) return undefined;
      return input.value;
    },
  };
}
