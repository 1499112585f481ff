// A job's page: its graph and vertices, tabs for checkpoints, exceptions and configuration, and the
// cancel / stop-with-savepoint actions for a user who entered the cluster's token.

import { getJson, putWithToken, getToken } from './api.js';
import { h, table, facts, badge, fmtTime, fmtDuration, fmtBytes, fmtNumber } from './dom.js';
import { drawGraph } from './graph.js';
import { safe, isEnded } from './pages.js';

const TABS = [['overview', 'Overview'], ['checkpoints', 'Checkpoints'], ['exceptions', 'Exceptions'],
  ['configuration', 'Configuration']];

// What the actions show survives the page's live refresh: kept here per job, not in the DOM.
const actionState = new Map();

function stateOf(jobId) {
  if (!actionState.has(jobId)) actionState.set(jobId, { confirming: null, message: '', error: false });
  return actionState.get(jobId);
}

export async function jobPage(jobId, tab = 'overview', rerender) {
  const job = await getJson(`jobs/${jobId}`);
  const body = await safe(TABS.find(([t]) => t === tab)?.[1] || 'Tab', () => tabBody(job, tab));
  return h('section', { id: 'job-page', 'data-state': job.state },
    h('h1', {}, h('span', { id: 'job-name' }, job.name), ' ', badge(job.state)),
    facts([['Id', h('code', {}, job.jid)], ['Start', fmtTime(job['start-time'])], ['End', fmtTime(job['end-time'])],
      ['Duration', fmtDuration(job.duration)], ['Restarts', job.restarts ?? 0],
      job['pending-resources'] ? ['Waiting for', job['pending-resources']] : null].filter(Boolean)),
    actions(job, rerender),
    h('nav', { class: 'tabs' }, TABS.map(([t, label]) =>
      h('a', { href: `#/jobs/${jobId}/${t}`, class: t === tab ? 'active' : null, id: `tab-${t}` }, label))),
    body);
}

async function tabBody(job, tab) {
  switch (tab) {
    case 'checkpoints': return checkpoints(job.jid);
    case 'exceptions': return exceptions(job.jid);
    case 'configuration': return configuration(job.jid);
    default: return overview(job);
  }
}

async function overview(job) {
  const vertices = new Map(job.vertices.map((v) => [v.id, v]));
  const plan = job.plan || (await getJson(`jobs/${job.jid}/plan`).catch(() => null))?.plan;
  const live = new Map();
  let liveError = null;
  // An ended job's counts are final in its vertices (and a history server has no live routes).
  const ended = ['FINISHED', 'CANCELED', 'FAILED'].includes(job.state);
  await Promise.all((ended ? [] : job.vertices).map(async (v) => {
    try {
      live.set(v.id, await liveValues(job.jid, v.id));
    } catch (e) {
      liveError = liveError || e;
    }
  }));
  return h('div', {},
    liveError ? h('p', { class: 'warning', id: 'live-metrics-missing' },
      `Live metrics are not available (${liveError.message}); the counts are those of ended tasks.`) : null,
    plan ? h('div', { class: 'graph' }, drawGraph(plan, vertices, live)) : h('p', { class: 'muted' }, 'No plan.'),
    table(['Vertex', 'Parallelism', 'Status', 'Records in', 'Records out', 'Backpressure', 'Tasks'],
      job.vertices.map((v) => {
        const l = live.get(v.id) || {};
        return [h('span', { class: 'vertex-name' }, v.name), h('span', { class: 'parallelism' }, v.parallelism),
          badge(v.status), fmtNumber(l.in ?? v.metrics['read-records']), fmtNumber(l.out ?? v.metrics['write-records']),
          l.backpressure || 'n/a', Object.entries(v.tasks).map(([s, n]) => `${s.toLowerCase()} ${n}`).join(', ')];
      }), { class: 'vertices', id: 'vertices' }));
}

/** Records in/out summed over the vertex's subtasks, and its backpressure level (rest-ops routes). */
async function liveValues(jobId, vertexId) {
  const base = `jobs/${jobId}/vertices/${vertexId}`;
  const sums = await getJson(`${base}/subtasks/metrics?get=numRecordsIn,numRecordsOut&agg=sum`);
  const values = {};
  for (const m of sums) {
    if (m.id === 'numRecordsIn') values.in = m.sum;
    if (m.id === 'numRecordsOut') values.out = m.sum;
  }
  const bp = await getJson(`${base}/backpressure`).catch(() => null);
  if (bp && bp['backpressure-level']) values.backpressure = bp['backpressure-level'];
  return values;
}

async function checkpoints(jobId) {
  const c = await getJson(`jobs/${jobId}/checkpoints`);
  const counts = c.counts || {};
  return h('div', { id: 'checkpoints' },
    facts([['Completed', counts.completed], ['Failed', counts.failed], ['In progress', counts.in_progress],
      ['Restored', counts.restored], ['Latest completed', c.latest?.completed?.external_path || '–']]),
    (c.history || []).length ? table(['Id', 'Status', 'Type', 'Triggered', 'Duration', 'Size', 'Acknowledged'],
      c.history.map((x) => [x.id, badge(x.status), x.is_savepoint ? 'savepoint' : 'checkpoint',
        fmtTime(x.trigger_timestamp), `${x.end_to_end_duration} ms`, fmtBytes(x.state_size),
        `${x.num_acknowledged_subtasks} / ${x.num_subtasks}`])) : h('p', { class: 'muted' }, 'No checkpoints yet.'));
}

async function exceptions(jobId) {
  const e = await getJson(`jobs/${jobId}/exceptions`);
  const entries = e.exceptionHistory?.entries || [];
  if (!entries.length) return h('p', { class: 'muted', id: 'exceptions' }, 'No failures.');
  return h('div', { id: 'exceptions' }, entries.map((x) => h('details', {},
    h('summary', {}, `${fmtTime(x.timestamp)} ${x.exceptionName}${x.taskName ? ` in ${x.taskName}` : ''}`),
    h('pre', { class: 'log' }, x.stacktrace))));
}

async function configuration(jobId) {
  const c = await getJson(`jobs/${jobId}/config`);
  const ec = c['execution-config'] || {};
  return h('div', { id: 'job-config' },
    facts([['Execution mode', ec['execution-mode']], ['Parallelism', ec['job-parallelism']]]),
    table(['Key', 'Value'], Object.entries(ec['user-config'] || {}).map(([k, v]) => [k, v]), { class: 'config' }));
}

/** The buttons while the job runs; the outcome of the last action also after it has ended. */
function actions(job, rerender) {
  const st = stateOf(job.jid);
  const message = st.message ? h('span', { id: 'action-message', class: st.error ? 'error' : 'ok' }, st.message) : null;
  if (isEnded(job.state)) return message ? h('div', { class: 'actions' }, message) : null;
  const act = async (label, call) => {
    st.confirming = null;
    st.message = `${label}…`;
    st.error = false;
    rerender();
    try {
      st.message = await call();
    } catch (e) {
      st.message = e.message;
      st.error = true;
    }
    rerender();
  };
  const ask = (what) => () => { st.confirming = what; st.message = ''; rerender(); };
  // What the user typed survives the refresh too.
  const dir = h('input', { id: 'savepoint-dir', type: 'text', value: st.dir || '',
    placeholder: 'target directory (default: state.savepoints.dir)', oninput: (e) => { st.dir = e.target.value; } });
  const drain = h('input', { id: 'savepoint-drain', type: 'checkbox', checked: !!st.drain,
    onchange: (e) => { st.drain = e.target.checked; } });
  const confirm = st.confirming === 'cancel'
    ? h('button', { id: 'confirm-cancel', class: 'danger', onclick: () => act('Cancelling', () => cancelJob(job.jid)) },
      'Yes, cancel the job')
    : st.confirming === 'stop'
      ? h('span', {}, dir, h('label', {}, drain, ' drain'),
        h('button', { id: 'confirm-stop', class: 'danger', onclick: () => act('Stopping with a savepoint',
          () => stopJob(job.jid, dir.value.trim(), drain.checked)) }, 'Stop with savepoint'))
      : null;
  return h('div', { class: 'actions' },
    h('button', { id: 'cancel-job', onclick: ask('cancel'), disabled: !getToken() }, 'Cancel job'),
    h('button', { id: 'stop-job', onclick: ask('stop'), disabled: !getToken() }, 'Stop with savepoint…'),
    getToken() ? null : h('span', { class: 'muted' }, ' Enter the cluster\'s token (top right) to cancel or stop.'),
    confirm,
    message);
}

async function cancelJob(jobId) {
  await putWithToken(`web/jobs/${jobId}/cancel`);
  return 'Cancellation requested.';
}

async function stopJob(jobId, targetDirectory, drain) {
  const body = { drain };
  if (targetDirectory) body.targetDirectory = targetDirectory;
  const { 'request-id': trigger } = await putWithToken(`web/jobs/${jobId}/stop`, body);
  for (;;) {
    const r = await getJson(`jobs/${jobId}/savepoints/${trigger}`);
    if (r.status?.id === 'COMPLETED') {
      const failure = r.operation?.['failure-cause'];
      if (failure) throw new Error(`the stop failed: ${failure.message || failure.class}`);
      return `Stopped; savepoint at ${r.operation.location}`;
    }
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
  }
}
