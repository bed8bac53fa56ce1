import { h, when } from '../dom.js';
import { api } from '../api.js';
import { badge } from './common.js';

/** One delivery in detail: payload, response, attempts, next attempt, and what it replays. */
export async function eventView(id, eventId) {
  const event = await api.getEvent(id, eventId);
  const response = event.http_response || {};
  const payload = pretty(event.payload);
  const rows = [
    ['Outcome', badge(event.status)],
    ['Event', event.event_name],
    ['Created', when(event.created_at)],
    ['Endpoint', `${event.http_method || ''} ${event.url || ''}`.trim() || '—'],
    ['Response code', response.status_code ? String(response.status_code) : '—'],
    ['Failure', response.code || '—'],
    ['Message', response.message || '—'],
    ['Attempt', event.retry_attempt === undefined ? '—' : String(event.retry_attempt + 1)],
    ['Next attempt', when(event.next_attempt_at)],
    ['Replay of', event.replay_of ? h('a', {
      href: `#/webhooks/${encodeURIComponent(id)}/events/${encodeURIComponent(event.replay_of)}` }, event.replay_of) : '—'],
  ];
  return h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Delivery ', h('code', {}, eventId)),
      h('a', { class: 'button', href: `#/webhooks/${encodeURIComponent(id)}/history` }, 'Back to history')),
    h('div', { class: 'card' }, h('dl', { class: 'details' }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]))),
    response.body !== undefined ? h('div', { class: 'card' }, h('h2', {}, 'Response body (excerpt)'),
      h('pre', { class: 'code' }, pretty(response.body))) : null,
    h('div', { class: 'card' }, h('h2', {}, event.original_payload ? 'Body sent (transformed)' : 'Payload'),
      h('pre', { class: 'code' }, payload)),
    event.original_payload ? h('div', { class: 'card' }, h('h2', {}, 'Original event'),
      h('pre', { class: 'code' }, pretty(event.original_payload))) : null);
}

function pretty(value) {
  if (value === undefined || value === null) return '—';
  if (typeof value !== 'string') return JSON.stringify(value, null, 2);
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch (notJson) {
    return value;
  }
}
