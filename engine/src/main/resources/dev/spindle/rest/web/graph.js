// The job graph as SVG, drawn from the plan: one box per vertex (name, parallelism, status, records
// in/out, backpressure), one arrow per edge labelled with its ship strategy. Vertices are placed in
// columns by their distance from the sources, so the data flows left to right.

import { s, fmtNumber } from './dom.js';

const BOX_W = 250;
const BOX_H = 104;
const GAP_X = 90;
const GAP_Y = 28;
const PAD = 16;

/** The column of every node: the length of the longest path from a source to it. */
function columns(nodes) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const col = new Map();
  const depth = (n, seen = new Set()) => {
    if (col.has(n.id)) return col.get(n.id);
    if (seen.has(n.id)) return 0;
    seen.add(n.id);
    const inputs = (n.inputs || []).map((i) => byId.get(i.id)).filter(Boolean);
    const d = inputs.length ? 1 + Math.max(...inputs.map((m) => depth(m, seen))) : 0;
    col.set(n.id, d);
    return d;
  };
  nodes.forEach((n) => depth(n));
  return col;
}

/** Positions {x, y} per node id, and the drawing's size. */
function layout(nodes) {
  const col = columns(nodes);
  const rows = new Map();
  const pos = new Map();
  for (const n of nodes) {
    const c = col.get(n.id);
    const r = rows.get(c) || 0;
    rows.set(c, r + 1);
    pos.set(n.id, { x: PAD + c * (BOX_W + GAP_X), y: PAD + r * (BOX_H + GAP_Y) });
  }
  const width = PAD * 2 + (Math.max(...col.values()) + 1) * (BOX_W + GAP_X) - GAP_X;
  const height = PAD * 2 + Math.max(...rows.values()) * (BOX_H + GAP_Y) - GAP_Y;
  return { pos, width, height };
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function edge(from, to, strategy) {
  const x1 = from.x + BOX_W;
  const y1 = from.y + BOX_H / 2;
  const x2 = to.x;
  const y2 = to.y + BOX_H / 2;
  const mx = (x1 + x2) / 2;
  return s('g', { class: 'edge' },
    s('path', { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 6},${y2}`, 'marker-end': 'url(#arrow)' }),
    s('text', { x: mx, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle', class: 'edge-label' }, strategy));
}

/**
 * A vertex box.
 * @param vertex the job's vertex (status, parallelism, metrics) or undefined
 * @param live {in, out, backpressure} from the metric routes, or undefined
 */
function box(node, p, vertex, live) {
  const status = vertex ? vertex.status : '';
  const recordsIn = live && live.in !== undefined ? live.in : vertex && vertex.metrics['read-records'];
  const recordsOut = live && live.out !== undefined ? live.out : vertex && vertex.metrics['write-records'];
  const bp = live && live.backpressure ? live.backpressure : 'n/a';
  return s('g', { class: `vertex state-${String(status).toLowerCase()}`, 'data-vertex': node.id,
    transform: `translate(${p.x},${p.y})` },
    s('title', {}, node.description || node.operator),
    s('rect', { width: BOX_W, height: BOX_H, rx: 6 }),
    s('text', { x: 10, y: 20, class: 'vertex-name' }, clip(node.operator, 34)),
    s('text', { x: 10, y: 40 }, `parallelism ${node.parallelism}`),
    s('text', { x: BOX_W - 10, y: 40, 'text-anchor': 'end', class: 'vertex-status' }, status),
    s('text', { x: 10, y: 60, class: 'records-in' }, `records in ${fmtNumber(recordsIn)}`),
    s('text', { x: 10, y: 78, class: 'records-out' }, `records out ${fmtNumber(recordsOut)}`),
    s('text', { x: 10, y: 96, class: `bp bp-${bp}` }, `backpressure ${bp}`));
}

/**
 * The SVG of a plan.
 * @param plan {nodes: [{id, parallelism, operator, description, inputs: [{id, ship_strategy}]}]}
 * @param vertices the job's vertices by id
 * @param live live values by vertex id ({in, out, backpressure})
 */
export function drawGraph(plan, vertices, live) {
  const nodes = plan.nodes || [];
  if (!nodes.length) return s('svg', { width: 10, height: 10 });
  const { pos, width, height } = layout(nodes);
  const svg = s('svg', { class: 'job-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8,
      markerHeight: 8, orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z' }))));
  for (const n of nodes) {
    for (const input of n.inputs || []) {
      if (pos.has(input.id)) svg.append(edge(pos.get(input.id), pos.get(n.id), input.ship_strategy));
    }
  }
  for (const n of nodes) svg.append(box(n, pos.get(n.id), vertices.get(n.id), live.get(n.id)));
  return svg;
}
