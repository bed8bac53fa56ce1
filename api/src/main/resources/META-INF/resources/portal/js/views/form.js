import { h, field, render } from '../dom.js';
import { api, ApiProblem } from '../api.js';
import { busy, flash, showFailure } from './common.js';
import { secretField } from './secret.js';
import { filterSection } from './filter.js';

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];
const AUTH_TYPES = [
  ['NONE', 'None'], ['BASIC', 'Basic'], ['API_KEY', 'API key'], ['OAUTH_CLIENT_CREDENTIALS', 'OAuth client credentials'],
];

/** Create (id null) or edit a webhook: the same form, pre-filled from the stored config when editing. */
export async function formView(id) {
  const [events, stored] = await Promise.all([api.configuredEvents(), id ? api.getConfig(id) : null]);
  const config = stored || { enabled: true, httpMethod: 'POST', auth: { authType: 'NONE' },
    retryPolicy: { enabled: true, maxAttempts: 3 } };
  const secretsStored = Boolean(stored) && stored.status !== 'incomplete';
  const status = h('div', { class: 'status-area', 'aria-live': 'polite' });

  const name = h('input', { type: 'text', value: config.name || '', maxlength: 256, autocomplete: 'off' });
  const eventName = h('select', { required: true },
    h('option', { value: '' }, 'Choose an event…'),
    (events || []).map((event) => h('option', { value: event.eventName, selected: event.eventName === config.eventName },
      event.eventLabel || event.eventName)));
  const url = h('input', { type: 'url', value: config.url || '', required: true, placeholder: 'https://', autocomplete: 'off' });
  const method = h('select', {}, METHODS.map((m) => h('option', { value: m, selected: m === (config.httpMethod || 'POST') }, m)));
  const enabled = h('input', { type: 'checkbox', checked: config.enabled !== false });
  const retries = h('input', { type: 'checkbox', checked: config.retryPolicy ? config.retryPolicy.enabled !== false : false });
  const maxAttempts = h('select', {}, [1, 2, 3, 4, 5].map((n) =>
    h('option', { value: String(n), selected: n === ((config.retryPolicy && config.retryPolicy.maxAttempts) || 3) }, String(n))));
  const rateLimit = h('input', { type: 'number', min: 1, max: 1000, step: 1, value: config.rateLimitPerSecond ?? '', inputmode: 'numeric' });

  const auth = authSection(config.auth || { authType: 'NONE' }, secretsStored);
  const transform = transformSection(config, () => eventName.value);
  const filter = filterSection(config, () => eventName.value);
  eventName.addEventListener('change', () => filter.eventChanged());

  const save = h('button', { type: 'submit', class: 'primary' }, id ? 'Save changes' : 'Create webhook');
  const form = h('form', { novalidate: true, class: 'webhook-form' },
    h('fieldset', {}, h('legend', {}, 'Endpoint'),
      field('Name', name, { name: 'name', hint: 'Shown in your list of webhooks.' }),
      field('Event', eventName, { name: 'eventName' }),
      field('URL', url, { name: 'url', hint: 'Must use https.' }),
      field('HTTP method', method, { name: 'httpMethod' }),
      h('div', { class: 'check' }, enabled, h('label', { for: enabled.id = 'enabled' }, 'Enabled'))),
    auth.element,
    filter.element,
    h('fieldset', {}, h('legend', {}, 'Delivery'),
      h('div', { class: 'check' }, retries, h('label', { for: retries.id = 'retries' }, 'Retry failed deliveries')),
      field('Attempts at most', maxAttempts, { name: 'retryPolicy.maxAttempts',
        hint: 'Retries wait 5 s, 5 min, 30 min, 2 h, then 5 h.' }),
      field('Rate limit (deliveries per second)', rateLimit, { name: 'rateLimitPerSecond',
        hint: 'Optional. Deliveries over the limit wait; none is dropped.' })),
    transform.element,
    status,
    h('div', { class: 'actions' }, save, h('a', { class: 'button', href: '#/webhooks' }, 'Cancel')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      ...(stored || {}),
      name: name.value.trim() || undefined,
      eventName: eventName.value,
      url: url.value.trim(),
      httpMethod: method.value,
      enabled: enabled.checked,
      auth: auth.value(),
      retryPolicy: { enabled: retries.checked, maxAttempts: Number(maxAttempts.value) },
      rateLimitPerSecond: rateLimit.value === '' ? null : Number(rateLimit.value),
      ...filter.value(),
      jsonataExpression: transform.value(),
    };
    try {
      await busy(save, async () => {
        if (id) {
          await api.updateConfig(id, body);
          flash(`Saved “${body.name || body.url}”.`);
          window.location.hash = '#/webhooks';
        } else {
          const created = await api.createConfig(body);
          render(form.parentElement, createdView(created));
        }
      });
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.errors.length > 0) {
        showFieldErrors(form, failure.errors);
      }
      showFailure(status, failure);
    }
  });

  return h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, id ? `Edit “${config.name || config.url}”` : 'Create webhook')),
    id ? signingSecretCard(id) : null,
    h('div', { class: 'card' }, form));
}

/**
 * The payload transform: a JSONata expression whose result is the body sent. Preview runs it, with the filter, over the
 * organization's most recent event of the chosen kind (the filter test), so the admin sees what the endpoint gets.
 */
function transformSection(config, currentEvent) {
  const expression = h('textarea', { rows: 4, spellcheck: 'false', autocomplete: 'off',
    placeholder: "{ 'id': entity._id, 'status': entity.status }" }, config.jsonataExpression || '');
  const preview = h('button', { type: 'button' }, 'Preview the body sent');
  const result = h('pre', { class: 'code', hidden: true, 'aria-live': 'polite' });
  preview.addEventListener('click', async () => {
    result.hidden = false;
    if (!expression.value.trim()) {
      result.textContent = 'No transform: the event is sent as it is.';
      return;
    }
    if (!currentEvent()) {
      result.textContent = 'Choose an event first.';
      return;
    }
    try {
      const answer = await busy(preview, () => api.filterTest({ eventName: currentEvent(), limit: 1,
        jsonataExpression: expression.value.trim() }));
      const first = (answer.results || [])[0];
      result.textContent = !first ? 'No recent event of this kind to preview with.'
        : first.transform_error ? `The transform fails: ${first.transform_error}`
          : JSON.stringify(first.transformed_payload, null, 2);
    } catch (failure) {
      result.textContent = failure instanceof ApiProblem && failure.errors.length > 0
        ? failure.errors.map((error) => `${error.field}: ${error.reason}`).join('\n') : String(failure.message || failure);
    }
  });
  return {
    element: h('fieldset', {}, h('legend', {}, 'Transform'),
      field('JSONata expression', expression, { name: 'jsonataExpression',
        hint: 'Optional. Its result is the body sent instead of the event.' }),
      h('div', { class: 'actions' }, preview), result),
    value: () => expression.value.trim() || undefined,
  };
}

function authSection(stored, secretsStored) {
  const type = h('select', {}, AUTH_TYPES.map(([value, text]) =>
    h('option', { value, selected: value === (stored.authType || 'NONE') }, text)));
  const basic = stored.basicAuthConfig || {};
  const apiKey = stored.apiKeyConfig || {};
  const oauth = stored.oauthConfig || {};
  const storedType = stored.authType;

  const username = h('input', { type: 'text', value: basic.username || '', autocomplete: 'off' });
  const password = secretField('Password', { stored: secretsStored && storedType === 'BASIC', name: 'auth.basicAuthConfig.password' });
  const keyName = h('input', { type: 'text', value: apiKey.keyName || '', autocomplete: 'off', placeholder: 'X-API-Key' });
  const keyValue = secretField('Key value', { stored: secretsStored && storedType === 'API_KEY', name: 'auth.apiKeyConfig.keyValue' });
  const clientId = h('input', { type: 'text', value: oauth.clientId || '', autocomplete: 'off' });
  const clientSecret = secretField('Client secret', { stored: secretsStored && storedType === 'OAUTH_CLIENT_CREDENTIALS', name: 'auth.oauthConfig.clientSecret' });
  const endpoint = h('input', { type: 'url', value: oauth.endpoint || '', placeholder: 'https://', autocomplete: 'off' });
  const tokenMethod = h('select', {}, ['POST', 'GET'].map((m) => h('option', { value: m, selected: m === (oauth.httpMethod || 'POST') }, m)));
  const parameters = parameterList(oauth.customParameterList || []);

  const sections = {
    BASIC: h('div', { class: 'auth-fields' },
      field('Username', username, { name: 'auth.basicAuthConfig.username' }), password.element),
    API_KEY: h('div', { class: 'auth-fields' },
      field('Header name', keyName, { name: 'auth.apiKeyConfig.keyName' }), keyValue.element),
    OAUTH_CLIENT_CREDENTIALS: h('div', { class: 'auth-fields' },
      field('Client ID', clientId, { name: 'auth.oauthConfig.clientId' }), clientSecret.element,
      field('Token endpoint', endpoint, { name: 'auth.oauthConfig.endpoint' }),
      field('Token request method', tokenMethod, { name: 'auth.oauthConfig.httpMethod' }),
      parameters.element),
  };
  const show = () => Object.entries(sections).forEach(([key, section]) => { section.hidden = key !== type.value; });
  type.addEventListener('change', show);
  show();

  return {
    element: h('fieldset', {}, h('legend', {}, 'Authorization'),
      field('Authorization type', type, { name: 'auth.authType' }), Object.values(sections)),
    value() {
      const chosen = type.value;
      const withSecret = (object, key, secret) => {
        const value = secret.value();
        return value === undefined ? object : { ...object, [key]: value };
      };
      if (chosen === 'BASIC') {
        return { authType: chosen, basicAuthConfig: withSecret({ username: username.value.trim() }, 'password', password) };
      }
      if (chosen === 'API_KEY') {
        return { authType: chosen, apiKeyConfig: withSecret({ keyName: keyName.value.trim() }, 'keyValue', keyValue) };
      }
      if (chosen === 'OAUTH_CLIENT_CREDENTIALS') {
        return { authType: chosen, oauthConfig: withSecret({ clientId: clientId.value.trim(), endpoint: endpoint.value.trim(),
          httpMethod: tokenMethod.value, customParameterList: parameters.value() }, 'clientSecret', clientSecret) };
      }
      return { authType: 'NONE' };
    },
  };
}

/** OAuth custom parameters: rows of type (body, query, header), key and value. */
function parameterList(initial) {
  const rows = h('div', { class: 'rows' });
  const add = (parameter = { type: 'body', key: '', value: '' }) => {
    const index = rows.children.length;
    const type = h('select', { 'aria-label': `Parameter ${index + 1} type` },
      ['body', 'query', 'header'].map((t) => h('option', { value: t, selected: t === parameter.type }, t)));
    const key = h('input', { type: 'text', value: parameter.key, 'aria-label': `Parameter ${index + 1} name` });
    const value = h('input', { type: 'text', value: parameter.value, 'aria-label': `Parameter ${index + 1} value` });
    const row = h('div', { class: 'row', 'data-field': `auth.oauthConfig.customParameterList[${index}]` }, type, key, value,
      h('button', { type: 'button', 'aria-label': `Remove parameter ${index + 1}`, onclick: () => row.remove() }, 'Remove'));
    row.read = () => ({ type: type.value, key: key.value.trim(), value: value.value });
    rows.append(row);
  };
  initial.forEach(add);
  return {
    element: h('div', { class: 'field' }, h('p', { class: 'label' }, 'Custom parameters'), rows,
      h('button', { type: 'button', onclick: () => add() }, 'Add parameter')),
    value: () => [...rows.children].map((row) => row.read()).filter((parameter) => parameter.key),
  };
}

/** After creation: the signing secret, shown once. */
function createdView(created) {
  return h('div', { class: 'created' },
    h('h2', {}, 'Webhook created'),
    secretOnce(created.signingSecret, 'This is the signing secret of the webhook. Your endpoint uses it to verify '
      + 'that a request comes from us.'),
    h('div', { class: 'actions' }, h('a', { class: 'button primary', href: '#/webhooks' }, 'Done')));
}

function secretOnce(secret, explanation) {
  const value = h('code', { class: 'secret-once', id: 'signing-secret' }, secret);
  const copied = h('span', { class: 'muted', role: 'status' });
  return h('div', { class: 'notice important' },
    h('p', {}, explanation),
    h('p', {}, h('strong', {}, 'It won\'t be shown again.'), ' Copy it now.'),
    h('div', { class: 'copy-row' }, value,
      h('button', { type: 'button', onclick: async () => {
        try {
          await navigator.clipboard.writeText(secret);
          render(copied, 'Copied.');
        } catch (denied) {
          window.getSelection().selectAllChildren(value);
          render(copied, 'Selected: press Ctrl+C to copy.');
        }
      } }, 'Copy'), copied));
}

/** Rotation of the signing secret, from the edit page: the old one stays valid for a grace period. */
function signingSecretCard(id) {
  const status = h('div', { 'aria-live': 'polite' });
  const rotate = h('button', { type: 'button' }, 'Rotate signing secret');
  rotate.addEventListener('click', async () => {
    try {
      const rotated = await busy(rotate, () => api.rotateSecret(id));
      render(status, secretOnce(rotated.signingSecret, 'The new signing secret. Requests are signed with both the '
        + `new and the old secret until ${rotated.previous_secret_expires_at
          ? new Date(rotated.previous_secret_expires_at).toLocaleString() : 'the grace period ends'}.`));
    } catch (failure) {
      showFailure(status, failure);
    }
  });
  return h('div', { class: 'card' }, h('h2', {}, 'Signing secret'),
    h('p', {}, 'Rotate it if it may have leaked. Both secrets sign requests during the grace period, so your endpoint '
      + 'can switch without missing any.'), rotate, status);
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((error) => { error.hidden = true; error.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
}

/** Each API field error next to its control: the nearest control whose field name is the error's or a prefix of it. */
function showFieldErrors(form, errors) {
  let first = null;
  for (const error of errors) {
    const control = closestControl(form, error.field || '');
    if (!control) continue;
    const wrapper = control.closest('.field, .row, .condition') || control.parentElement;
    const message = wrapper.querySelector('.field-error') || wrapper.appendChild(h('p', { class: 'field-error', role: 'alert' }));
    message.textContent = message.textContent ? `${message.textContent} ${error.reason}` : capitalize(error.reason);
    message.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    first = first || control;
  }
  if (first) first.focus();
}

function closestControl(form, name) {
  for (let candidate = name; candidate; candidate = candidate.replace(/(\.[^.[]+|\[\d+\])$/, '')) {
    const control = form.querySelector(`[data-field="${CSS.escape(candidate)}"]`);
    if (control) return control;
    if (!/[.[]/.test(candidate)) break;
  }
  return null;
}

function capitalize(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
