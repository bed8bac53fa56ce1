// The API as the portal uses it: same origin, bearer token from the session, problem documents turned into errors
// the page can show next to their fields. Nothing here knows about the DOM.

import { session } from './session.js';

/** The token is missing, expired or refused: the page asks for one again. */
export class SignInRequired extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'SignInRequired';
  }
}

/** A 4xx or 5xx the API answered: `detail` to show, `errors` ({field, reason}) to place at their fields. */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The request failed (${status})`);
    this.name = 'ApiProblem';
    this.status = status;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

async function request(method, path, body) {
  const token = session.token();
  if (!token) throw new SignInRequired('Sign in to manage webhooks.');
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (unreachable) {
    throw new ApiProblem(0, { detail: 'The webhooks service cannot be reached. Check your connection and try again.' });
  }
  if (response.status === 401) {
    session.clear();
    throw new SignInRequired('Your session has expired or the token was refused. Sign in again.');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (notJson) {
      json = null;
    }
  }
  if (!response.ok) {
    if (response.status >= 500 || !json) {
      throw new ApiProblem(response.status, {
        detail: response.status === 503
          ? 'The service is busy. Try again in a moment.'
          : 'Something went wrong on our side. Try again; if it keeps failing, contact support.',
      });
    }
    throw new ApiProblem(response.status, json);
  }
  return json;
}

const configs = '/v1/webhooks/configs';
const enc = encodeURIComponent;

export const api = {
  configuredEvents: () => request('GET', '/v1/webhooks/configured-events'),
  eventSchema: (eventName) => request('GET', `/v1/webhooks/configured-events/${enc(eventName)}/schema`),
  listConfigs: () => request('GET', configs),
  getConfig: (id) => request('GET', `${configs}/${enc(id)}`),
  createConfig: (config) => request('POST', configs, config),
  updateConfig: (id, config) => request('PUT', `${configs}/${enc(id)}`, config),
  deleteConfig: (id) => request('DELETE', `${configs}/${enc(id)}`),
  rotateSecret: (id) => request('POST', `${configs}/${enc(id)}/signing-secret/rotate`, {}),
  example: (id) => request('POST', `${configs}/${enc(id)}/example`, {}),
  trigger: (id, payload) => request('POST', `${configs}/${enc(id)}/trigger?sync=true`, payload),
  searchEvents: (id, options) => request('POST', `/v2/webhooks/configs/${enc(id)}/events`, options),
  getEvent: (id, eventId) => request('GET', `${configs}/${enc(id)}/events/${enc(eventId)}`),
  replay: (id, eventId) => request('POST', `${configs}/${enc(id)}/events/${enc(eventId)}/replay`, {}),
  replayBatch: (id, eventIds) => request('POST', `${configs}/${enc(id)}/events/replay-batch`, { eventIds }),
  filterTest: (body) => request('POST', '/v1/webhooks/filter-test', body),
  stats: (id, window) => request('GET', `${configs}/${enc(id)}/stats?window=${enc(window)}`),
};
