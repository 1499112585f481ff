// The cluster's pages: overview, job lists, TaskManagers, a TaskManager, the JobManager, a log and a
// thread dump. Each page is an async function that returns the node to show; a part that fails
// (e.g. a route this cluster lacks) shows its error in place and the rest of the page still shows.

import { getJson, getText, metricIds, metricValues } from './api.js';
import { h, table, facts, errorBox, badge, fmtTime, fmtDuration, fmtBytes, fmtNumber } from './dom.js';

/** Runs part() and returns its node, or a readable error naming what failed. */
export async function safe(what, part) {
  try {
    return await part();
  } catch (e) {
    return errorBox(what, e);
  }
}

export async function overviewPage() {
  const o = await getJson('overview');
  const config = await getJson('config').catch(() => ({}));
  return h('section', { id: 'overview-page' },
    h('h1', {}, 'Overview'),
    h('div', { class: 'cards' },
      card('TaskManagers', o.taskmanagers, 'tm-count'),
      card('Slots total', o['slots-total'], 'slots-total'),
      card('Slots free', o['slots-available'], 'slots-free'),
      card('Running jobs', o['jobs-running'], 'jobs-running'),
      card('Finished jobs', o['jobs-finished'], 'jobs-finished'),
      card('Canceled jobs', o['jobs-cancelled'], 'jobs-cancelled'),
      card('Failed jobs', o['jobs-failed'], 'jobs-failed')),
    facts([['Version', o['spindle-version'] || config['flink-version'] || '–'],
      ['Mode', o['cluster-mode'] || '–'], ['Refresh', `${config['refresh-interval'] || '–'} ms`]]),
    h('h2', {}, 'Running jobs'),
    await safe('Jobs', () => jobsTable((j) => !isEnded(j.state))));
}

function card(label, value, id) {
  return h('div', { class: 'card', id }, h('div', { class: 'card-value' }, value ?? '–'), h('div', {}, label));
}

const ENDED = ['FINISHED', 'CANCELED', 'FAILED'];

export function isEnded(state) {
  return ENDED.includes(state);
}

async function jobsTable(filter) {
  const { jobs } = await getJson('jobs/overview');
  const shown = jobs.filter(filter).sort((a, b) => b['start-time'] - a['start-time']);
  if (!shown.length) return h('p', { class: 'muted' }, 'No jobs.');
  return table(['Name', 'Id', 'State', 'Start', 'Duration', 'Tasks', 'Restarts'], shown.map((j) => [
    h('a', { href: `#/jobs/${j.jid}`, class: 'job-link' }, j.name || j.jid),
    h('code', {}, j.jid), badge(j.state), fmtTime(j['start-time']), fmtDuration(j.duration),
    `${j.tasks.running || 0} / ${j.tasks.total}`, j.restarts ?? 0]), { class: 'jobs' });
}

export async function jobsPage(kind) {
  const running = kind === 'running';
  return h('section', { id: `${kind}-jobs-page` },
    h('h1', {}, running ? 'Running jobs' : 'Completed jobs'),
    await jobsTable((j) => (running ? !isEnded(j.state) : isEnded(j.state))));
}

export async function taskManagersPage() {
  const { taskmanagers } = await getJson('taskmanagers');
  return h('section', { id: 'taskmanagers-page' },
    h('h1', {}, 'TaskManagers'),
    taskmanagers.length ? table(['Id', 'Address', 'Data port', 'Slots', 'Free slots', 'Last heartbeat'],
      taskmanagers.map((t) => [
        h('a', { href: `#/taskmanagers/${encodeURIComponent(t.id)}`, class: 'tm-link' }, t.id),
        t.path, t.dataPort, t.slotsNumber, t.freeSlots, fmtTime(t.timeSinceLastHeartbeat)]), { class: 'tms' })
      : h('p', { class: 'muted' }, 'No TaskManagers registered.'));
}

const JVM = ['Status.JVM.Memory.Heap.Used', 'Status.JVM.Memory.Heap.Committed', 'Status.JVM.Memory.Heap.Max',
  'Status.JVM.Memory.NonHeap.Used', 'Status.JVM.Memory.NonHeap.Committed', 'Status.JVM.Memory.NonHeap.Max',
  'Status.JVM.Threads.Count', 'Status.JVM.CPU.Load', 'Status.JVM.CPU.Time',
  'Status.JVM.ClassLoader.ClassesLoaded'];

/** The JVM metrics of a process (TaskManager or JobManager), GC collectors found by listing. */
async function jvmMetrics(base) {
  const ids = await metricIds(`${base}/metrics`);
  const gc = ids.filter((id) => id.startsWith('Status.JVM.GarbageCollector.'));
  const names = [...JVM.filter((n) => ids.includes(n)), ...gc];
  const v = names.length ? await metricValues(`${base}/metrics`, names) : {};
  const mem = (kind) => `${fmtBytes(v[`Status.JVM.Memory.${kind}.Used`])} used / `
    + `${fmtBytes(v[`Status.JVM.Memory.${kind}.Committed`])} committed / ${fmtBytes(v[`Status.JVM.Memory.${kind}.Max`])} max`;
  const cpu = v['Status.JVM.CPU.Load'] === undefined ? '–' : `${fmtNumber(Number(v['Status.JVM.CPU.Load']) * 100)} %`;
  return h('div', { class: 'metrics' },
    facts([['Heap', mem('Heap')], ['Non-heap', mem('NonHeap')],
      ['Threads', fmtNumber(v['Status.JVM.Threads.Count'])], ['CPU load', cpu],
      ['CPU time', v['Status.JVM.CPU.Time'] === undefined ? '–' : `${fmtNumber(v['Status.JVM.CPU.Time'] / 1e6)} ms`],
      ['Classes loaded', fmtNumber(v['Status.JVM.ClassLoader.ClassesLoaded'])]], { id: 'jvm-metrics' }),
    gc.length ? table(['Garbage collector metric', 'Value'], gc.map((id) =>
      [id.replace('Status.JVM.GarbageCollector.', ''), fmtNumber(v[id])])) : null);
}

async function logList(base, hashBase) {
  const { logs } = await getJson(`${base}/logs`);
  if (!logs.length) return h('p', { class: 'muted' }, 'No log files.');
  return table(['File', 'Size', 'Modified'], logs.map((l) => [
    h('a', { href: `${hashBase}/logs/${encodeURIComponent(l.name)}`, class: 'log-link' }, l.name),
    fmtBytes(l.size), fmtTime(l.mtime)]), { class: 'logs' });
}

export async function taskManagerPage(id) {
  const base = `taskmanagers/${encodeURIComponent(id)}`;
  const hashBase = `#/${base}`;
  const { taskmanagers } = await getJson('taskmanagers');
  const tm = taskmanagers.find((t) => t.id === id);
  return h('section', { id: 'taskmanager-page' },
    h('h1', {}, `TaskManager ${id}`),
    tm ? facts([['Address', tm.path], ['Data port', tm.dataPort], ['Slots', `${tm.freeSlots} free of ${tm.slotsNumber}`],
      ['Last heartbeat', fmtTime(tm.timeSinceLastHeartbeat)]]) : errorBox('TaskManager', 'not registered (any more)'),
    h('p', {}, h('a', { href: `${hashBase}/thread-dump` }, 'Thread dump')),
    h('h2', {}, 'Metrics'), await safe('Metrics', () => jvmMetrics(base)),
    h('h2', {}, 'Logs'), await safe('Logs', () => logList(base, hashBase)));
}

export async function jobManagerPage() {
  const config = await safe('Configuration', async () => {
    const entries = await getJson('jobmanager/config');
    return table(['Key', 'Value'], entries.map((e) => [e.key, e.value]), { class: 'config' });
  });
  return h('section', { id: 'jobmanager-page' },
    h('h1', {}, 'JobManager'),
    h('p', {}, h('a', { href: '#/jobmanager/thread-dump' }, 'Thread dump')),
    h('h2', {}, 'Metrics'), await safe('Metrics', () => jvmMetrics('jobmanager')),
    h('h2', {}, 'Configuration'), config,
    h('h2', {}, 'Logs'), await safe('Logs', () => logList('jobmanager', '#/jobmanager')));
}

/** A log file's text; base is 'jobmanager' or 'taskmanagers/<id>'. */
export async function logPage(base, file) {
  const text = await safe('Log', () => getText(`${base}/logs/${encodeURIComponent(file)}`));
  return h('section', { id: 'log-page' },
    h('h1', {}, file), h('p', {}, h('a', { href: `#/${base}` }, 'Back')),
    typeof text === 'string' ? h('pre', { class: 'log' }, text) : text);
}

export async function threadDumpPage(base) {
  const dump = await safe('Thread dump', async () => {
    const { threadInfos } = await getJson(`${base}/thread-dump`);
    return h('pre', { class: 'log' }, threadInfos.map((t) => t.stringifiedThreadInfo).join('\n'));
  });
  return h('section', { id: 'thread-dump-page' },
    h('h1', {}, 'Thread dump'), h('p', {}, h('a', { href: `#/${base}` }, 'Back')), dump);
}
