import { h, render, when } from '../dom.js';
import { api } from '../api.js';
import { badge, busy, flash, labels, showFailure, takeFlash } from './common.js';

/** The organization's webhooks: status, health, enable toggle, edit, history and delete. */
export async function listView() {
  const [configs, events] = await Promise.all([api.listConfigs(), api.configuredEvents()]);
  const label = labels(events);
  const status = h('div', { class: 'status-area', 'aria-live': 'polite' }, takeFlash());
  const header = h('div', { class: 'page-head' },
    h('h1', {}, 'Webhooks'),
    h('a', { class: 'button primary', href: '#/webhooks/new' }, 'Create webhook'));
  if (!configs || configs.length === 0) {
    return h('section', {}, header, status,
      h('div', { class: 'empty card' },
        h('h2', {}, 'No webhooks yet'),
        h('p', {}, 'A webhook sends your organization\'s events to an endpoint of yours as they happen.'),
        h('a', { class: 'button primary', href: '#/webhooks/new' }, 'Create your first webhook')));
  }
  const sorted = [...configs].sort((a, b) => (a.name || '').localeCompare(b.name || ''));
  return h('section', {}, header, status,
    h('table', { class: 'webhooks' },
      h('caption', { class: 'visually-hidden' }, 'Your webhooks'),
      h('thead', {}, h('tr', {},
        ['Name', 'Event', 'Endpoint', 'Status', 'Health', 'Enabled', 'Actions'].map((title) =>
          h('th', { scope: 'col' }, title)))),
      h('tbody', {}, sorted.map((config) => row(config, label, status)))));
}

function row(config, label, status) {
  const name = config.name || '(unnamed)';
  const health = h('td', { 'data-label': 'Health', class: 'health' }, h('span', { class: 'muted' }, '…'));
  loadHealth(config, health);
  const toggle = h('input', {
    type: 'checkbox', role: 'switch', checked: config.enabled !== false,
    'aria-label': `Enable ${name}`,
    onchange: () => setEnabled(config, toggle, status),
  });
  return h('tr', { 'data-config-id': config.id },
    h('th', { scope: 'row', 'data-label': 'Name' }, name),
    h('td', { 'data-label': 'Event' }, label.get(config.eventName) || config.eventName),
    h('td', { 'data-label': 'Endpoint', class: 'endpoint' },
      h('span', { class: 'method' }, config.httpMethod || 'POST'), ' ', h('span', { class: 'url' }, config.url)),
    h('td', { 'data-label': 'Status' }, badge(config.status)),
    health,
    h('td', { 'data-label': 'Enabled' }, h('label', { class: 'switch' }, toggle, h('span', { 'aria-hidden': 'true' }))),
    h('td', { 'data-label': 'Actions', class: 'row-actions' },
      h('a', { class: 'button', href: `#/webhooks/${encodeURIComponent(config.id)}/edit` }, 'Edit'),
      h('a', { class: 'button', href: `#/webhooks/${encodeURIComponent(config.id)}/history` }, 'History'),
      h('button', { type: 'button', class: 'danger', onclick: () => confirmDelete(config, status) }, 'Delete')));
}

/** Last delivery outcome and time, and since when it fails, from the newest finished event of the history. */
async function loadHealth(config, cell) {
  try {
    const page = await api.searchEvents(config.id, { limit: 1 });
    const last = page && page.data && page.data[0];
    if (!last) {
      render(cell, h('span', { class: 'muted' }, 'No deliveries yet'));
      return;
    }
    render(cell, badge(last.status), ' ', h('span', { class: 'muted' }, when(last.created_at)),
      config.failing_since ? h('div', { class: 'failing' }, `Failing since ${when(config.failing_since)}`) : null);
  } catch (failure) {
    render(cell, h('span', { class: 'muted' }, 'Unknown'));
  }
}

async function setEnabled(config, toggle, status) {
  const enabled = toggle.checked;
  try {
    await busy(toggle, async () => {
      const stored = await api.getConfig(config.id);
      await api.updateConfig(config.id, { ...stored, enabled });
    });
    flash(`${config.name || 'The webhook'} is now ${enabled ? 'enabled' : 'disabled'}.`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } catch (failure) {
    toggle.checked = !enabled;
    showFailure(status, failure);
  }
}

function confirmDelete(config, status) {
  const name = config.name || config.url;
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
    h('h2', { id: 'confirm-title' }, `Delete the webhook “${name}”?`),
    h('p', {}, 'No more events will be sent to ', h('strong', {}, config.url), '. Its delivery history stays '
      + 'available for four weeks.'),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', type: 'submit' }, 'Cancel'),
      h('button', { value: 'delete', type: 'submit', class: 'danger' }, `Delete ${name}`)));
  dialog.addEventListener('close', async () => {
    dialog.remove();
    if (dialog.returnValue !== 'delete') return;
    try {
      await api.deleteConfig(config.id);
      flash(`The webhook “${name}” was deleted.`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (failure) {
      showFailure(status, failure);
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}
