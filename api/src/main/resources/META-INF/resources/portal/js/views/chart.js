import { h, render } from '../dom.js';
import { api } from '../api.js';
import { showFailure } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';
const SERIES = [['succeeded', 'Delivered'], ['failed', 'Failed'], ['skipped', 'Skipped']];
const COLORS = { succeeded: '#1e7b45', failed: '#b3261e', skipped: '#8a93a6' };

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, String(value)));
  children.forEach((child) => element.append(typeof child === 'string' ? document.createTextNode(child) : child));
  return element;
}

/** Delivered / failed / skipped per hour (24 h) or per day (7 d), as stacked bars drawn here, from the stats API. */
export function deliveryChart(id) {
  const area = h('div', { class: 'chart-area', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const windows = [['24h', 'Last 24 hours'], ['7d', 'Last 7 days']];
  const choice = h('select', { id: 'chart-window' }, windows.map(([value, text]) => h('option', { value }, text)));
  const load = async () => {
    try {
      draw(area, await api.stats(id, choice.value));
    } catch (failure) {
      showFailure(area, failure);
    }
  };
  choice.addEventListener('change', load);
  load();
  return h('div', { class: 'card' },
    h('div', { class: 'page-head' }, h('h2', {}, 'Deliveries'),
      h('div', { class: 'inline' }, h('label', { for: 'chart-window' }, 'Period'), choice)),
    area);
}

function draw(area, stats) {
  const buckets = daily(stats);
  const totals = stats.totals || {};
  const width = 1000;
  const height = 200;
  const bottom = 24;
  const left = 36;
  const max = Math.max(1, ...buckets.map((b) => SERIES.reduce((sum, [key]) => sum + (b[key] || 0), 0)));
  const slot = (width - left) / Math.max(1, buckets.length);
  const bars = buckets.map((bucket, index) => {
    let y = height - bottom;
    const parts = SERIES.map(([key, label]) => {
      const count = bucket[key] || 0;
      const barHeight = (count / max) * (height - bottom - 12);
      y -= barHeight;
      return count ? svg('rect', { x: left + index * slot + 2, y, width: Math.max(1, slot - 4), height: barHeight,
        fill: COLORS[key], 'data-series': key, 'data-count': count },
      svg('title', {}, `${bucket.label}: ${count} ${label.toLowerCase()}`)) : null;
    }).filter(Boolean);
    return svg('g', {}, ...parts);
  });
  const every = Math.ceil(buckets.length / 8);
  const labels = buckets.map((bucket, index) => ((buckets.length - 1 - index) % every === 0
    ? svg('text', { x: left + index * slot + slot / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 12,
      fill: '#5b6475' }, bucket.short) : null)).filter(Boolean);
  // The scale: the tallest bar's count at the top, 0 at the base line.
  const scale = [svg('text', { x: left - 6, y: 16, 'text-anchor': 'end', 'font-size': 12, fill: '#5b6475' }, String(max)),
    svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', 'font-size': 12, fill: '#5b6475' }, '0'),
    svg('line', { x1: left, x2: width, y1: 12, y2: 12, stroke: '#eef1f7' })];
  const summary = SERIES.map(([key, label]) => `${totals[key] || 0} ${label.toLowerCase()}`).join(', ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': `Deliveries: ${summary}` },
  svg('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, stroke: '#d9dee8' }), ...scale, ...bars,
  ...labels);
  const latency = stats.latency_ms || {};
  render(area, chart,
    h('p', { class: 'chart-legend' }, SERIES.map(([key, label]) =>
      h('span', { class: `legend-${key}`, 'data-total': key }, `${label}: ${totals[key] || 0}`))),
    latency.p50 !== undefined && latency.p50 !== null
      ? h('p', { class: 'muted' }, `Latency: median ${latency.p50} ms, 95th percentile ${latency.p95} ms`) : null);
}

/** Hourly buckets as the API gives them for 24 h; summed per day for longer windows. */
function daily(stats) {
  const hours = stats.buckets || [];
  if (stats.window !== '7d') {
    return hours.map((bucket) => ({ ...bucket, label: new Date(bucket.hour).toLocaleString(),
      short: new Date(bucket.hour).toLocaleTimeString([], { hour: '2-digit' }) }));
  }
  const days = new Map();
  hours.forEach((bucket) => {
    const day = new Date(bucket.hour);
    day.setHours(0, 0, 0, 0);
    const key = day.toISOString();
    const sum = days.get(key) || { label: day.toLocaleDateString(), short: day.toLocaleDateString([], { weekday: 'short' }) };
    SERIES.forEach(([series]) => { sum[series] = (sum[series] || 0) + (bucket[series] || 0); });
    days.set(key, sum);
  });
  return [...days.values()];
}
