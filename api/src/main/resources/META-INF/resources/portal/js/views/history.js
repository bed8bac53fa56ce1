import { h, render, when } from '../dom.js';
import { api, ApiProblem } from '../api.js';
import { badge, busy, showDone, showFailure } from './common.js';
import { deliveryChart } from './chart.js';

const PAGE_SIZE = 25;

/**
 * A webhook's deliveries, newest first, with a status filter, paging, replay (one or a selection) and a test event.
 * Reachable for a deleted webhook too (by its id): the history outlives the config.
 */
export async function historyView(id) {
  let config = null;
  try {
    config = await api.getConfig(id);
  } catch (failure) {
    if (!(failure instanceof ApiProblem && failure.status === 404)) throw failure;
  }
  const title = config ? `History of “${config.name || config.url}”` : `History of deleted webhook ${id}`;
  const status = h('div', { class: 'status-area', 'aria-live': 'polite' });
  const statusFilter = h('select', { id: 'status-filter' },
    [['', 'All outcomes'], ['succeeded', 'Succeeded'], ['failed', 'Failed'], ['skipped', 'Skipped']]
      .map(([value, text]) => h('option', { value }, text)));
  const table = h('div', { class: 'history-table' });
  const more = h('button', { type: 'button', hidden: true }, 'Older events');
  const replaySelected = h('button', { type: 'button', disabled: true }, 'Replay selected');
  const selected = new Set();
  let cursor = null;

  async function load(reset) {
    if (reset) {
      cursor = null;
      selected.clear();
      replaySelected.disabled = true;
      render(table);
    }
    const options = { limit: PAGE_SIZE, ...(statusFilter.value ? { status: statusFilter.value } : {}),
      ...(cursor ? { cursor } : {}) };
    const page = await api.searchEvents(id, options);
    const events = (page && page.data) || [];
    if (reset && events.length === 0) {
      render(table, h('p', { class: 'empty muted' }, statusFilter.value ? 'No events with this outcome.' : 'No events yet.'));
    } else {
      let body = table.querySelector('tbody');
      if (!body) {
        body = h('tbody');
        render(table, h('table', { class: 'events' },
          h('caption', { class: 'visually-hidden' }, 'Deliveries, newest first'),
          h('thead', {}, h('tr', {}, ['', 'Event', 'Outcome', 'Response', 'Created', 'Attempt', ''].map((t, i) =>
            h('th', { scope: 'col' }, i === 0 ? h('span', { class: 'visually-hidden' }, 'Select') : t)))),
          body));
      }
      events.forEach((event) => body.append(eventRow(id, event, selected, replaySelected, status)));
    }
    cursor = page && page.has_more ? page.next_cursor : null;
    more.hidden = !cursor;
  }

  statusFilter.addEventListener('change', () => load(true).catch((failure) => showFailure(status, failure)));
  more.addEventListener('click', () => busy(more, () => load(false)).catch((failure) => showFailure(status, failure)));
  replaySelected.addEventListener('click', async () => {
    try {
      const answer = await busy(replaySelected, () => api.replayBatch(id, [...selected]));
      showDone(status, `Replaying ${selected.size} event${selected.size === 1 ? '' : 's'}: the new deliveries appear `
        + 'at the top as they are made.');
      await load(true);
      return answer;
    } catch (failure) {
      showFailure(status, failure);
      return null;
    }
  });

  await load(true);
  return h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, title),
      h('a', { class: 'button', href: '#/webhooks' }, 'Back to webhooks')),
    config ? deliveryChart(id) : null,
    config ? testEventCard(config) : null,
    status,
    h('div', { class: 'toolbar' },
      h('label', { for: 'status-filter' }, 'Show'), statusFilter, replaySelected,
      h('button', { type: 'button', onclick: () => load(true).catch((failure) => showFailure(status, failure)) }, 'Refresh')),
    table, more);
}

function eventRow(id, event, selected, replaySelected, status) {
  const pick = h('input', { type: 'checkbox', 'aria-label': `Select event ${event.event_id}`,
    onchange: () => {
      if (pick.checked) selected.add(event.event_id); else selected.delete(event.event_id);
      replaySelected.disabled = selected.size === 0;
    } });
  const replay = h('button', { type: 'button', 'aria-label': `Replay event ${event.event_id}` }, 'Replay');
  replay.addEventListener('click', async () => {
    try {
      await busy(replay, () => api.replay(id, event.event_id));
      showDone(status, `Event ${event.event_id} is being replayed: the new delivery appears at the top.`);
    } catch (failure) {
      showFailure(status, failure);
    }
  });
  const response = event.http_response || {};
  return h('tr', { 'data-event-id': event.event_id },
    h('td', {}, pick),
    h('td', { 'data-label': 'Event' },
      h('a', { href: `#/webhooks/${encodeURIComponent(id)}/events/${encodeURIComponent(event.event_id)}` },
        h('code', {}, event.event_id)),
      event.replay_of ? h('div', { class: 'muted' }, `replay of ${event.replay_of}`) : null),
    h('td', { 'data-label': 'Outcome' }, badge(event.status)),
    h('td', { 'data-label': 'Response' }, response.status_code ? String(response.status_code) : (response.code || '—')),
    h('td', { 'data-label': 'Created' }, when(event.created_at)),
    h('td', { 'data-label': 'Attempt' }, event.retry_attempt === undefined ? '—' : String(event.retry_attempt + 1)),
    h('td', {}, replay));
}

/** Sends the event's example payload to the endpoint now (a sync trigger) and shows what the endpoint answered. */
function testEventCard(config) {
  const result = h('div', { 'aria-live': 'polite' });
  const send = h('button', { type: 'button' }, 'Send test event');
  send.addEventListener('click', async () => {
    try {
      const answer = await busy(send, async () => {
        const example = await api.example(config.id);
        return api.trigger(config.id, example);
      });
      const ok = answer && answer.status_code && Number(answer.status_code) < 300;
      render(result, h('div', { class: `notice ${ok ? 'success' : 'error'}`, role: 'status' },
        h('p', {}, ok ? 'Delivered.' : 'Not delivered.',
          answer && answer.status_code ? ` The endpoint answered ${answer.status_code}.` : '',
          answer && answer.message ? ` ${answer.message}` : ''),
        answer && answer.event_id ? h('p', { class: 'muted' }, `Event ${answer.event_id}`) : null));
    } catch (failure) {
      showFailure(result, failure);
    }
  });
  return h('div', { class: 'card' }, h('h2', {}, 'Test event'),
    h('p', {}, `Sends an example “${config.eventName}” event to ${config.url} now, signed like every delivery.`),
    send, result);
}
