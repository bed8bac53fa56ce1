// The portal's entry: takes a handed-over token, then routes the URL fragment to a view.
// Routes: #/webhooks, #/webhooks/new, #/webhooks/{id}/edit, #/webhooks/{id}/history, #/webhooks/{id}/events/{eventId}

import { h, render } from './dom.js';
import { session } from './session.js';
import { SignInRequired, ApiProblem } from './api.js';
import { signInView } from './views/signin.js';
import { listView } from './views/list.js';
import { formView } from './views/form.js';
import { historyView } from './views/history.js';
import { eventView } from './views/event.js';

const routes = [
  [/^#\/webhooks\/?$/, () => listView()],
  [/^#\/webhooks\/new$/, () => formView(null)],
  [/^#\/webhooks\/([^/]+)\/edit$/, (id) => formView(decodeURIComponent(id))],
  [/^#\/webhooks\/([^/]+)\/history$/, (id) => historyView(decodeURIComponent(id))],
  [/^#\/webhooks\/([^/]+)\/events\/([^/]+)$/, (id, eventId) =>
    eventView(decodeURIComponent(id), decodeURIComponent(eventId))],
];

const view = document.getElementById('view');

function showWho() {
  const who = document.getElementById('who');
  const organization = session.organization();
  render(who, session.token()
    ? [organization ? h('span', { class: 'org' }, `Organization ${organization}`) : null,
      h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out')]
    : null);
}

function signOut() {
  session.clear();
  route();
}

async function route() {
  session.adoptFromFragment();
  showWho();
  if (!session.token()) {
    render(view, signInView(route));
    return;
  }
  const hash = window.location.hash || '#/webhooks';
  const match = routes.map(([pattern, make]) => [pattern.exec(hash), make]).find(([found]) => found);
  if (!match) {
    window.location.hash = '#/webhooks';
    return;
  }
  try {
    const content = await match[1](...match[0].slice(1));
    render(view, content);
    view.focus({ preventScroll: true });
  } catch (failure) {
    if (failure instanceof SignInRequired) {
      render(view, signInView(route, failure.message));
    } else {
      render(view, h('div', { class: 'notice error', role: 'alert' },
        h('p', {}, failure instanceof ApiProblem ? failure.message : 'The page could not be shown.'),
        h('p', {}, h('a', { href: '#/webhooks' }, 'Back to webhooks'))));
    }
    showWho();
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('webhooks:signed-out', route);
route();
