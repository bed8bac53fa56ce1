import { h, field, render } from '../dom.js';
import { api } from '../api.js';
import { badge, busy, showFailure } from './common.js';

const OPERATIONS = ['equals', 'not_equals', 'any_of', 'none_of', 'contains', 'not_contains', 'starts_with',
  'ends_with', 'greater_than', 'less_than', 'greater_than_or_equals', 'less_than_or_equals', 'is_empty',
  'is_not_empty', 'length_equals', 'length_not_equals', 'length_greater_than', 'length_less_than',
  'length_greater_than_or_equals', 'length_less_than_or_equals'];
const FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'datetime'];

/**
 * The dot paths of an event's JSON Schema, as the filter reads them: objects by key, arrays by their items (a path
 * through an array reaches every element). Only the leaves a filter can compare, plus arrays (for the length and
 * array operations).
 */
export function schemaPaths(schema) {
  const paths = new Set();
  const walk = (node, path, depth) => {
    if (!node || typeof node !== 'object' || depth > 12) return;
    const variants = [...(node.anyOf || []), ...(node.oneOf || []), ...(node.allOf || [])];
    variants.forEach((variant) => walk(variant, path, depth + 1));
    if (node.properties) {
      Object.entries(node.properties).forEach(([key, child]) => walk(child, path ? `${path}.${key}` : key, depth + 1));
    }
    if (node.items) {
      if (path) paths.add(path);
      walk(node.items, path, depth + 1);
    }
    if (path && !node.properties && !node.items && variants.length === 0) paths.add(path);
  };
  walk(schema, '', 0);
  return [...paths].sort();
}

/** The filter part of the form: the classic key + values filter, condition groups, and a preview. */
export function filterSection(config, currentEvent) {
  const listId = 'schema-paths';
  const suggestions = h('datalist', { id: listId });
  const enabled = h('input', { type: 'checkbox', id: 'filter-enabled', checked: Boolean(config.filter || config.filterConditions) });
  const key = h('input', { type: 'text', list: listId, value: (config.filter && config.filter.keyToFilter) || '',
    autocomplete: 'off', spellcheck: 'false', placeholder: 'customer_request.request_items.product_category' });
  const chips = chipInput((config.filter && config.filter.supportedValues) || []);
  const conditions = conditionEditor(config.filterConditions, listId);
  const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
  const previewButton = h('button', { type: 'button' }, 'Preview on recent events');
  const body = h('div', { class: 'filter-body' },
    field('Key to filter on', key, { name: 'filter.keyToFilter',
      hint: 'A dot path into the event. Pick one of the event\'s fields or type your own.' }),
    chips.element,
    conditions.element,
    h('div', { class: 'actions' }, previewButton), preview);
  const show = () => { body.hidden = !enabled.checked; };
  enabled.addEventListener('change', show);
  show();

  async function loadPaths() {
    render(suggestions);
    const event = currentEvent();
    if (!event) return;
    try {
      const paths = schemaPaths(await api.eventSchema(event));
      render(suggestions, paths.map((path) => h('option', { value: path })));
    } catch (failure) {
      // Suggestions only: free typing still works.
    }
  }
  loadPaths();

  function value() {
    if (!enabled.checked) return { filter: null, filterConditions: null };
    const keyToFilter = key.value.trim();
    const group = conditions.value();
    return {
      filter: keyToFilter || chips.value().length ? { keyToFilter, supportedValues: chips.value() } : null,
      filterConditions: group,
    };
  }

  previewButton.addEventListener('click', async () => {
    const event = currentEvent();
    if (!event) {
      render(preview, h('p', { class: 'notice warning' }, 'Choose an event first.'));
      return;
    }
    const rules = value();
    try {
      const answer = await busy(previewButton, () => api.filterTest({ eventName: event, limit: 10,
        ...(rules.filter ? { filter: rules.filter } : {}),
        ...(rules.filterConditions ? { filterConditions: rules.filterConditions } : {}) }));
      const results = (answer && answer.results) || [];
      render(preview, results.length === 0
        ? h('p', { class: 'muted' }, 'No recent events of this kind to test against.')
        : h('table', { class: 'preview-results' },
          h('caption', {}, 'The last events of this kind, and whether this filter would deliver them'),
          h('thead', {}, h('tr', {}, ['Event', 'When', 'Would be', 'Rule that failed'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, results.map((result) => h('tr', {},
            h('td', { 'data-label': 'Event' }, h('code', {}, result.event_id)),
            h('td', { 'data-label': 'When' }, result.created_at ? new Date(result.created_at).toLocaleString() : '—'),
            h('td', { 'data-label': 'Would be' }, badge(result.matched ? 'delivered' : 'skipped')),
            h('td', { 'data-label': 'Rule that failed' }, result.failed_rule || '—'))))));
    } catch (failure) {
      showFailure(preview, failure);
    }
  });

  return {
    element: h('fieldset', {}, h('legend', {}, 'Filter'), suggestions,
      h('div', { class: 'check' }, enabled, h('label', { for: enabled.id }, 'Only send events that match a filter')),
      body),
    value,
    eventChanged: loadPaths,
  };
}

/** Values as chips: type and press Enter (or comma) to add one; each chip has a remove button. */
function chipInput(initial) {
  const values = [...initial];
  const list = h('ul', { class: 'chips', 'aria-label': 'Values to deliver' });
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  input.dataset.field = 'filter.supportedValues';
  const draw = () => render(list, values.map((text, index) => h('li', { class: 'chip' }, h('span', {}, text),
    h('button', { type: 'button', 'aria-label': `Remove ${text}`, onclick: () => { values.splice(index, 1); draw(); } }, '×'))));
  const addTyped = () => {
    const text = input.value.trim();
    if (text && !values.includes(text)) values.push(text);
    input.value = '';
    draw();
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      addTyped();
    }
  });
  input.addEventListener('blur', addTyped);
  draw();
  return {
    element: h('div', {}, field('Values to deliver', input, { name: 'filter.supportedValues',
      hint: 'Press Enter after each value. Values are case-sensitive: "Solar" does not match "solar".' }), list),
    value: () => { addTyped(); return [...values]; },
  };
}

/** filterConditions: AND/OR over rows of field, operation, values, type and array options, or a JSONata expression. */
function conditionEditor(stored, listId) {
  const operator = h('select', {}, ['AND', 'OR'].map((o) =>
    h('option', { value: o, selected: o === ((stored && stored.logical_operator) || 'AND') }, o === 'AND' ? 'all of' : 'any of')));
  const rows = h('ol', { class: 'conditions' });
  const add = (condition = {}) => {
    const index = rows.children.length;
    const path = `filterConditions.conditions[${index}]`;
    const label = (text) => `Condition ${index + 1} ${text}`;
    const fieldInput = h('input', { type: 'text', list: listId, value: condition.field || '', 'aria-label': label('field') });
    fieldInput.dataset.field = `${path}.field`;
    const operation = h('select', { 'aria-label': label('operation') },
      OPERATIONS.map((op) => h('option', { value: op, selected: op === (condition.operation || 'equals') }, op.replace(/_/g, ' '))));
    operation.dataset.field = `${path}.operation`;
    const values = h('input', { type: 'text', value: (condition.values || []).join(', '), 'aria-label': label('values, comma separated') });
    values.dataset.field = `${path}.values`;
    const type = h('select', { 'aria-label': label('field type') },
      FIELD_TYPES.map((t) => h('option', { value: t, selected: t === (condition.field_type || 'string') }, t)));
    const arrayField = h('input', { type: 'checkbox', checked: Boolean(condition.is_array_field), 'aria-label': label('is an array') });
    const every = h('input', { type: 'checkbox', checked: Boolean(condition.repeatable_item_op), 'aria-label': label('every item must match') });
    const expression = h('input', { type: 'text', value: condition.jsonata_expression || '', 'aria-label': label('JSONata expression (instead of the above)'), spellcheck: 'false' });
    expression.dataset.field = `${path}.jsonata_expression`;
    const item = h('li', { class: 'condition', 'data-field': path },
      h('div', { class: 'condition-main' }, fieldInput, operation, values, type),
      h('div', { class: 'condition-options' },
        h('label', {}, arrayField, ' array field'), h('label', {}, every, ' every item'),
        expression,
        h('button', { type: 'button', 'aria-label': label('remove'), onclick: () => item.remove() }, 'Remove')),
      h('p', { class: 'field-error', role: 'alert', hidden: true }));
    item.read = () => {
      if (expression.value.trim()) return { jsonata_expression: expression.value.trim() };
      const condition = { field: fieldInput.value.trim(), operation: operation.value };
      if (!['is_empty', 'is_not_empty'].includes(operation.value)) {
        condition.values = values.value.split(',').map((v) => v.trim()).filter((v) => v !== '');
      }
      if (type.value !== 'string') condition.field_type = type.value;
      if (arrayField.checked) condition.is_array_field = true;
      if (every.checked) condition.repeatable_item_op = true;
      return condition;
    };
    rows.append(item);
  };
  ((stored && stored.conditions) || []).forEach(add);
  return {
    element: h('div', { class: 'field' },
      h('p', { class: 'label' }, 'Conditions'),
      h('div', { class: 'inline' }, h('label', { for: 'conditions-operator' }, 'Deliver when'),
        Object.assign(operator, { id: 'conditions-operator' }), h('span', {}, 'of these hold')),
      rows,
      h('button', { type: 'button', onclick: () => add() }, 'Add condition')),
    value() {
      const conditions = [...rows.children].map((item) => item.read()).filter((c) => c.jsonata_expression || c.field);
      return conditions.length ? { logical_operator: operator.value, conditions } : null;
    },
  };
}
