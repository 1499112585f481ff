// Small DOM and formatting helpers. Text always goes in as text nodes: names and messages from the
// cluster are never parsed as HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** h('a', {href: '#/x', class: 'c'}, 'text', child) → an element; null/false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** The same for SVG elements. */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A table with a header row; rows are arrays of cells (text or nodes). */
export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

/** A definition list of [label, value] pairs. */
export function facts(pairs, attrs = {}) {
  return h('dl', { class: 'facts', ...attrs }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** A readable error in the page (never a blank page). */
export function errorBox(what, error) {
  return h('p', { class: 'error' }, `${what}: ${error && error.message ? error.message : error}`);
}

export function fmtTime(ms) {
  if (ms === undefined || ms === null || ms < 0) return '–';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function fmtDuration(ms) {
  if (ms === undefined || ms === null || ms < 0) return '–';
  const sec = Math.floor(ms / 1000);
  const parts = [[Math.floor(sec / 86400), 'd'], [Math.floor(sec / 3600) % 24, 'h'],
    [Math.floor(sec / 60) % 60, 'm'], [sec % 60, 's']];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2).map(([n, u]) => `${n}${u}`);
  return shown.length ? shown.join(' ') : `${ms} ms`;
}

export function fmtBytes(n) {
  const v = Number(n);
  if (!Number.isFinite(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  return `${i === 0 ? x : x.toFixed(1)} ${units[i]}`;
}

export function fmtNumber(n) {
  const v = Number(n);
  return Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '–';
}

/** A state as a coloured badge: RUNNING, FINISHED, FAILED, CANCELED... */
export function badge(state) {
  return h('span', { class: `badge state-${String(state).toLowerCase()}` }, state);
}
