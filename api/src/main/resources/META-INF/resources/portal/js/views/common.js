import { h, render } from '../dom.js';
import { SignInRequired, ApiProblem } from '../api.js';

/** Shows a failure of an action in `status` (or sends the admin to sign in again). Never a raw error. */
export function showFailure(status, failure) {
  if (failure instanceof SignInRequired) {
    window.dispatchEvent(new Event('webhooks:signed-out'));
    return;
  }
  const message = failure instanceof ApiProblem ? failure.message : 'That did not work. Try again.';
  render(status, h('p', { class: 'notice error', role: 'alert' }, message));
}

/** Shows a success message in `status`. */
export function showDone(status, message) {
  render(status, h('p', { class: 'notice success', role: 'status' }, message));
}

/** The events' labels by name, from configured-events. */
export function labels(events) {
  return new Map((events || []).map((event) => [event.eventName, event.eventLabel || event.eventName]));
}

/** A status badge: active, inactive, incomplete, succeeded, failed, skipped, in_progress. */
export function badge(status) {
  const text = { in_progress: 'in progress' }[status] || status || 'unknown';
  return h('span', { class: `badge badge-${status || 'unknown'}` }, text);
}

/** Runs `action` with `button` disabled meanwhile, so a double click does not send twice. */
export async function busy(button, action) {
  button.disabled = true;
  try {
    return await action();
  } finally {
    button.disabled = false;
  }
}

let flashMessage = null;

/** A message for the next page shown (after an action that moves to another page). */
export function flash(message) {
  flashMessage = message;
}

/** The pending flash message as a notice, once. */
export function takeFlash() {
  const message = flashMessage;
  flashMessage = null;
  return message ? h('p', { class: 'notice success', role: 'status' }, message) : null;
}
