// The dashboard's entry point: hash routing (#/jobs/<id>: the page's own URL never changes, so that
// every relative request resolves under the YARN proxy's /proxy/<appId>/ prefix too), the live
// refresh every refresh-interval of GET config, and the token form.

import { getJson, getToken, setToken, forgetToken } from './api.js';
import { h, errorBox } from './dom.js';
import { overviewPage, jobsPage, taskManagersPage, taskManagerPage, jobManagerPage, logPage, threadDumpPage }
  from './pages.js';
import { jobPage } from './job.js';

const main = document.getElementById('main');
let refreshMillis = 3000;
let timer = null;
let rendering = false;
let generation = 0;
/** Served by a history server (GET config says web-history): archived jobs only, no live pages. */
let history = false;

/** The page for a hash: {nav, render, live}; live pages are refreshed, logs and dumps are not. */
function route(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c, d] = parts;
  const page = (nav, render, live = true) => ({ nav, render, live });
  if (!a) return history ? page('completed', () => jobsPage('completed')) : page('overview', overviewPage);
  if (a === 'jobs' && (b === 'running' || b === 'completed')) return page(b, () => jobsPage(b));
  if (a === 'jobs' && b) return page('running', () => jobPage(b, c, rerender));
  if (a === 'taskmanagers' && b && c === 'logs' && d) {
    return page('taskmanagers', () => logPage(`taskmanagers/${encodeURIComponent(b)}`, d), false);
  }
  if (a === 'taskmanagers' && b && c === 'thread-dump') {
    return page('taskmanagers', () => threadDumpPage(`taskmanagers/${encodeURIComponent(b)}`), false);
  }
  if (a === 'taskmanagers' && b) return page('taskmanagers', () => taskManagerPage(b));
  if (a === 'taskmanagers') return page('taskmanagers', taskManagersPage);
  if (a === 'jobmanager' && b === 'logs' && c) return page('jobmanager', () => logPage('jobmanager', c), false);
  if (a === 'jobmanager' && b === 'thread-dump') return page('jobmanager', () => threadDumpPage('jobmanager'), false);
  if (a === 'jobmanager') return page('jobmanager', jobManagerPage);
  return page('', async () => errorBox('Not found', `no page ${hash}`), false);
}

/** Renders the current hash's page; a newer navigation wins over a slower older one. */
async function show() {
  const mine = ++generation;
  const current = route(location.hash);
  document.querySelectorAll('nav a[data-nav]').forEach((a) =>
    a.classList.toggle('active', a.dataset.nav === current.nav));
  rendering = true;
  let node;
  try {
    node = await current.render();
  } catch (e) {
    node = errorBox('This page could not be loaded', e);
  } finally {
    rendering = false;
  }
  if (mine !== generation) return;
  main.replaceChildren(node);
  main.dataset.loaded = String(mine);
  schedule(current.live);
}

function rerender() {
  show();
}

/** The next refresh, unless the user is typing in the page (a refresh would take the input away). */
function schedule(live) {
  clearTimeout(timer);
  if (!live) return;
  timer = setTimeout(() => {
    const typing = main.contains(document.activeElement) && document.activeElement.tagName === 'INPUT';
    if (rendering || typing || document.hidden) schedule(live);
    else show();
  }, refreshMillis);
}

/** The token form: the token is kept in sessionStorage (this tab only), never put in a URL. */
function tokenArea() {
  const area = document.getElementById('token-area');
  if (getToken()) {
    area.replaceChildren(h('span', { class: 'muted', id: 'token-set' }, 'Token entered '),
      h('button', { id: 'forget-token', onclick: () => { forgetToken(); tokenArea(); show(); } }, 'Forget'));
    return;
  }
  const input = h('input', { id: 'token-input', type: 'password', autocomplete: 'off', placeholder: 'cluster token' });
  const save = () => {
    if (input.value.trim()) {
      setToken(input.value);
      tokenArea();
      show();
    }
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') save(); });
  area.replaceChildren(input, h('button', { id: 'save-token', onclick: save }, 'Use token'));
}

async function start() {
  try {
    const config = await getJson('config');
    refreshMillis = Math.max(500, Number(config['refresh-interval']) || 3000);
    history = Boolean(config.features && config.features['web-history']);
    if (history) {
      for (const nav of ['overview', 'running', 'taskmanagers', 'jobmanager']) {
        document.querySelector(`nav a[data-nav="${nav}"]`)?.remove();
      }
      document.getElementById('token-area').hidden = true;
      document.getElementById('cluster-name').textContent = 'History server';
    }
    const name = config['cluster-name'];
    if (name) {
      document.getElementById('cluster-name').textContent = `${name} (${config['cluster-mode'] || ''})`;
      document.title = `${name} – Spindle`;
    }
  } catch (e) {
    document.getElementById('notice').replaceChildren(errorBox('Configuration', e));
  }
  tokenArea();
  window.addEventListener('hashchange', show);
  show();
}

start();
