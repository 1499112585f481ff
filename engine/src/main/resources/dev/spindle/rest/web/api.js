// The REST calls of the dashboard. Every URL is relative (no leading slash), so that the page works
// under the YARN ResourceManager's web proxy (/proxy/<appId>/) as well as on the endpoint itself.

const TOKEN_KEY = 'spindle.rest-token';

/** A failed request: the status and the server's one-line reason. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function failure(path, response) {
  let reason = response.statusText || 'request failed';
  try {
    const body = await response.json();
    if (body && Array.isArray(body.errors) && body.errors.length) reason = body.errors.join('; ');
  } catch (e) {
    // not our JSON (e.g. a proxy's page): keep the status text
  }
  const hint = response.status === 404 ? ' (this cluster does not offer it)' : '';
  return new ApiError(response.status, `${path}: ${response.status} ${reason}${hint}`);
}

/** GET path → parsed JSON; throws ApiError on any non-2xx answer or a network failure. */
export async function getJson(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, `${path}: the cluster did not answer (${e.message})`);
  }
  if (!response.ok) throw await failure(path, response);
  return response.json();
}

/** GET path as text (log files). */
export async function getText(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw await failure(path, response);
  return response.text();
}

/**
 * PUT path with a JSON body that carries the token: the RM's web proxy forwards GET and PUT only,
 * and drops the Authorization header, so the token travels in the body (never in the URL).
 */
export async function putWithToken(path, body = {}) {
  const token = getToken();
  if (!token) throw new ApiError(401, 'enter the cluster\'s token first (Token, top right)');
  const response = await fetch(path, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ ...body, token }),
    cache: 'no-store',
  });
  if (!response.ok) throw await failure(path, response);
  return response.status === 204 ? {} : response.json();
}

/**
 * Metric values by name from a metric route (…/metrics?get=a,b): {a: '1', b: '2'}; names the route
 * does not know are missing from the result.
 */
export async function metricValues(path, names) {
  const list = await getJson(`${path}?get=${names.map(encodeURIComponent).join(',')}`);
  const values = {};
  for (const m of list) values[m.id] = m.value;
  return values;
}

/** The ids of the metrics a metric route offers. */
export async function metricIds(path) {
  return (await getJson(path)).map((m) => m.id);
}

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}
