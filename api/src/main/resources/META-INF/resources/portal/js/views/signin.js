import { h, field } from '../dom.js';
import { session } from '../session.js';

/** Asks for a bearer token (an epilot API token or an ID token of the organization's admin). */
export function signInView(onSignedIn, reason) {
  const token = h('textarea', { rows: 4, autocomplete: 'off', spellcheck: 'false', required: true });
  const submit = (event) => {
    event.preventDefault();
    if (!token.value.trim()) return;
    session.set(token.value);
    onSignedIn();
  };
  return h('section', { class: 'card narrow', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    reason ? h('p', { class: 'notice warning', role: 'alert' }, reason) : null,
    h('p', {}, 'Paste a bearer token of your organization. It is kept in this browser tab only and forgotten when '
      + 'the tab closes.'),
    h('form', { onsubmit: submit },
      field('Bearer token', token),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in'))));
}
