// The Zeta console: one page, routed by the URL's hash, speaking only this server's HTTP API
// (Cosmos's /package/* and Zeta's /zeta/v1/*). Preact + htm, vendored (vendor/htm-preact.js).
import { html, render, useState, useEffect, useRef } from './vendor/htm-preact.js';
import { fieldsOf, initialValues, changedOptions, Fields, errorsByField } from './form.js';

// ---- the HTTP API ----

const session = { principal: null, admin: false, csrf: null };

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || ('HTTP ' + status));
    this.status = status;
    this.body = body || {};
  }
}

async function call(method, path, body, headers = {}) {
  const h = Object.assign({ Accept: 'application/json' }, headers);
  if (method !== 'GET' && session.csrf) h['X-CSRF-Token'] = session.csrf;
  if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers: h, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let doc = null;
  try { doc = text ? JSON.parse(text) : null; } catch (e) { doc = { message: text }; }
  if (r.status === 401 && path !== SESSION) { session.principal = null; go('#/login'); }
  if (!r.ok) throw new ApiError(r.status, doc);
  return doc;
}

const SESSION = '/zeta/v1/web/session';
const get = path => call('GET', path);

/** A Cosmos RPC with its media types (as the DC/OS CLI sends them). */
function cosmos(endpoint, body, version = 'v1') {
  const type = 'application/vnd.dcos.package.' + endpoint.replace(/\//g, '.');
  return call('POST', '/package/' + endpoint, body, {
    'Content-Type': type + '-request+json;charset=utf-8;version=v1',
    Accept: type + '-response+json;charset=utf-8;version=' + version });
}

// ---- routing ----

function go(hash) {
  if (location.hash !== hash) location.hash = hash;
}

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { page: parts[0] || 'catalog', args: parts.slice(1) };
}

const enc = encodeURIComponent;

// ---- pieces ----

function Nav({ page }) {
  const link = (id, label) => html`<a href=${'#/' + id} aria-current=${page === id ? 'page' : undefined}>${label}</a>`;
  return html`<header class="top">
    <a class="brand" href="#/catalog">Zeta</a>
    <nav aria-label="Main">${link('catalog', 'Catalog')}${link('instances', 'Instances')}${link('cluster', 'Cluster')}</nav>
    <${LiveIndicator}/>
    <span class="who">${session.principal}${session.admin ? ' (admin)' : ''}
      <button type="button" class="link" onClick=${logout}>Log out</button></span>
  </header>`;
}

async function logout() {
  disconnectLive();
  try { await call('DELETE', SESSION); } catch (e) { /* already gone */ }
  session.principal = null;
  session.csrf = null;
  go('#/login');
  rerender();
}

function Problem({ error }) {
  return error ? html`<p class="problem" role="alert">${error.message || String(error)}</p>` : null;
}

function useLoad(fn, deps) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    // Reloads keep what is shown until the new answer is there (no flicker while polling).
    setState(s => ({ loading: true, data: s.data }));
    fn().then(data => live && setState({ data }), error => live && setState(s => ({ error, data: s.data })));
    return () => { live = false; };
  }, deps);
  return state;
}

function size(n) {
  if (n === undefined || n === null) return '';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + u[i];
}

// ---- login ----

function Login() {
  const [error, setError] = useState(null);
  const [mode, setMode] = useState('token');
  const submit = async e => {
    e.preventDefault();
    const f = new FormData(e.target);
    const body = mode === 'token' ? { token: f.get('token') } : { uid: f.get('uid'), password: f.get('password') };
    try {
      const s = await call('POST', SESSION, body);
      Object.assign(session, { principal: s.principal, admin: s.admin, csrf: s.csrfToken, events: s.events === true });
      go('#/catalog');
      rerender();
    } catch (err) { setError(err); }
  };
  return html`<main class="login" id="main">
    <h1>Log in to Zeta</h1>
    <div role="tablist" class="tabs">
      <button type="button" role="tab" aria-selected=${mode === 'token'} onClick=${() => setMode('token')}>Admin token</button>
      <button type="button" role="tab" aria-selected=${mode === 'user'} onClick=${() => setMode('user')}>Directory user</button>
    </div>
    <form onSubmit=${submit} id="login-form">
      ${mode === 'token' ? html`<div class="field"><label for="token">Token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required/>
          <p class="help">The token zeta serve wrote to serve.token in the Zeta directory.</p></div>`
        : html`<div class="field"><label for="uid">User</label><input id="uid" name="uid" autocomplete="username" required/></div>
          <div class="field"><label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required/></div>`}
      <${Problem} error=${error}/>
      <button type="submit" class="primary">Log in</button>
    </form>
  </main>`;
}

// ---- catalog ----

function Catalog() {
  const [q, setQ] = useState('');
  const [shown, setShown] = useState(q);
  const state = useLoad(() => get('/zeta/v1/catalog?q=' + enc(shown)), [shown]);
  const timer = useRef(null);
  const onInput = e => {
    setQ(e.target.value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setShown(e.target.value), 150);
  };
  useEffect(() => {
    if (state.data) {
      document.body.dataset.catalog = String(state.data.packages.length);
      if (!performance.getEntriesByName('catalog-interactive').length) performance.mark('catalog-interactive');
    }
  }, [state.data]);
  const tags = state.data ? topTags(state.data.packages) : [];
  return html`<main id="main" tabindex="-1">
    <h1>Catalog</h1>
    <div class="searchbar">
      <label for="search">Search packages</label>
      <input id="search" type="search" value=${q} onInput=${onInput} placeholder="name, description or tag; * for patterns"/>
    </div>
    <div class="tags" aria-label="Tags">${tags.map(t => html`<button type="button" class="tag"
      aria-pressed=${shown === t} onClick=${() => { setQ(t); setShown(t); }}>${t}</button>`)}</div>
    <${Problem} error=${state.error}/>
    ${state.data ? html`<p class="count" aria-live="polite">${state.data.packages.length} packages
        (${state.data.versions} versions); this cluster offers ${state.data.capabilities.join(', ') || 'no capabilities (no cluster)'}</p>
      <ul class="grid" id="catalog">${state.data.packages.map(p => html`<${Card} key=${p.package} p=${p}/>`)}</ul>` : html`<p>Loading…</p>`}
  </main>`;
}

function topTags(packages) {
  const n = {};
  packages.forEach(p => p.tags.forEach(t => { n[t] = (n[t] || 0) + 1; }));
  return Object.keys(n).sort((a, b) => n[b] - n[a] || a.localeCompare(b)).slice(0, 12);
}

function Card({ p }) {
  return html`<li class="card" data-package=${p.package}>
    <a href=${'#/package/' + enc(p.package)}>
      <img src=${p.icon + '&size=small'} alt="" width="48" height="48" loading="lazy"/>
      <span class="name">${p.package}</span>
      <span class="version">${p.version}</span>
    </a>
    <p class="desc">${p.description}</p>
    <p class="badges">
      ${p.selected ? html`<span class="badge selected">Selected</span>` : null}
      ${p.runnable ? html`<span class="badge ok">Runs here</span>`
        : html`<span class="badge no" title=${p.problem || ''}>${p.missing.length ? 'Needs ' + p.missing.join(', ') : 'Not installable'}</span>`}
    </p>
  </li>`;
}

// ---- package page ----

function Package({ args }) {
  const [name, version] = args;
  const [tick, setTick] = useState(0);
  const state = useLoad(() => get('/zeta/v1/catalog/' + enc(name) + (version ? '?version=' + enc(version) : '')), [name, version, tick]);
  const [error, setError] = useState(null);
  if (state.error) return html`<main id="main" tabindex="-1"><${Problem} error=${state.error}/></main>`;
  if (!state.data) return html`<main id="main" tabindex="-1"><p>Loading…</p></main>`;
  const p = state.data;
  const stage = async (v, on) => {
    setError(null);
    try {
      if (on) await call('POST', '/zeta/v1/stages/' + enc(p.package), { version: v });
      else await call('DELETE', '/zeta/v1/stages/' + enc(p.package) + '/' + enc(v));
      setTick(tick + 1);
    } catch (e) { setError(e); }
  };
  const staged = new Set(p.staged.map(s => s.version));
  return html`<main id="main" tabindex="-1" class="package">
    <div class="head"><img src=${p.icon + '&size=medium'} alt="" width="64" height="64"/>
      <div><h1>${p.package} <span class="version">${p.version}</span></h1>
      <p>${p.description}</p></div></div>
    <div class="actions">
      ${p.hasTemplate ? html`<a class="button primary" href=${'#/install/' + enc(p.package) + '/' + enc(p.version)}>Install…</a>` : html`<span>No Marathon template: nothing to run.</span>`}
      ${session.admin && !staged.has(p.version) ? html`<button type="button" onClick=${() => stage(p.version, true)}>Stage ${p.version}</button>` : null}
      <label for="version">Version</label>
      <select id="version" value=${p.version} onChange=${e => go('#/package/' + enc(p.package) + '/' + enc(e.target.value))}>
        ${p.versions.map(v => html`<option value=${v.version}>${v.version}</option>`)}</select>
    </div>
    <${Problem} error=${error}/>
    <dl class="facts">
      ${p.maintainer ? html`<dt>Maintainer</dt><dd>${p.maintainer}</dd>` : null}
      ${p.website ? html`<dt>Website</dt><dd>${p.website}</dd>` : null}
      <dt>Tags</dt><dd>${p.tags.join(', ')}</dd>
      <dt>Requires</dt><dd>${p.zeta.requires.join(', ') || 'nothing special'}${p.zeta.missing.length ? html` <span class="badge no">this cluster lacks ${p.zeta.missing.join(', ')}</span>` : null}</dd>
      <dt>Instances</dt><dd>${p.zeta.instancePolicy}, base dir ${p.zeta.recommendedBaseDir}</dd>
    </dl>
    ${p.preInstallNotes ? html`<section><h2>Before installing</h2><p class="notes">${p.preInstallNotes}</p></section>` : null}
    <section><h2>Staged on this cluster</h2>
      ${p.staged.length === 0 ? html`<p>No version is staged yet.</p>` : p.staged.map(s => html`<div class="stage">
        <h3>${s.version} <span class="meta">staged ${s.stagedAt} by ${s.stagedBy}, ${size(s.size)}</span>
          ${session.admin ? html` <button type="button" onClick=${() => stage(s.version, false)}>Unstage</button>` : null}</h3>
        <table><caption class="sr">Artifacts of ${s.version}</caption>
          <thead><tr><th scope="col">Artifact</th><th scope="col">Size</th><th scope="col">sha256</th></tr></thead>
          <tbody>${s.artifacts.map(a => html`<tr><td>${a.alias}</td><td>${size(a.size)}</td><td class="digest">${a.sha256}</td></tr>`)}</tbody>
        </table>
        ${Object.keys(s.images).length ? html`<p>Images: ${Object.entries(s.images).map(([k, v]) => k + ' ' + v).join(', ')}</p>` : null}
      </div>`)}
    </section>
  </main>`;
}

// ---- install form ----

function Install({ args }) {
  const [name, version] = args;
  const state = useLoad(() => get('/zeta/v1/catalog/' + enc(name) + '?version=' + enc(version)), [name, version]);
  if (state.error) return html`<main id="main" tabindex="-1"><${Problem} error=${state.error}/></main>`;
  if (!state.data) return html`<main id="main" tabindex="-1"><p>Loading…</p></main>`;
  return html`<${InstallForm} key=${name + '@' + version} p=${state.data}/>`;
}

function InstallForm({ p }) {
  const fields = useRef(null);
  const initial = useRef(null);
  if (!fields.current) {
    fields.current = fieldsOf(p.config || {});
    initial.current = initialValues(fields.current);
  }
  const [values, setValues] = useState(initial.current);
  const [errors, setErrors] = useState({});
  const [general, setGeneral] = useState(null);
  const [preview, setPreview] = useState(null);
  const [target, setTarget] = useState({ role: '', id: p.package });
  const [busy, setBusy] = useState(false);
  const set = (ptr, v) => setValues(Object.assign({}, values, { [ptr]: v }));
  const options = () => changedOptions(fields.current, values, initial.current);
  const refused = e => {
    const violations = (e.body && e.body.data && e.body.data.errors) || (e.body && e.body.errors) || [];
    const byField = errorsByField(fields.current, violations);
    setErrors(byField);
    setGeneral(byField[''] || Object.keys(byField).length === 0 ? e : new Error('Some options are not valid: see the fields marked below.'));
  };
  const doPreview = async () => {
    setBusy(true); setErrors({}); setGeneral(null); setPreview(null);
    try {
      const r = await cosmos('render', { packageName: p.package, packageVersion: p.version, options: options(),
        appId: target.role ? '/' + target.role + '/' + target.id : undefined });
      setPreview(r.marathonJson);
    } catch (e) { refused(e); }
    setBusy(false);
  };
  const doInstall = async e => {
    e.preventDefault();
    setBusy(true); setErrors({}); setGeneral(null);
    try {
      // Cosmos's install: stages the version when it is not, installs /ROLE/ID and starts it.
      await cosmos('install', { packageName: p.package, packageVersion: p.version, options: options(),
        appId: '/' + target.role + '/' + target.id }, 'v2');
      go('#/instance/' + enc(target.role) + '/' + enc(target.id));
    } catch (err) { refused(err); }
    setBusy(false);
  };
  const t = (k, label, help) => html`<div class="field"><label for=${'target-' + k}>${label}</label>
    <input id=${'target-' + k} name=${k} value=${target[k]} required=${k !== 'baseDir'}
      onInput=${e => setTarget(Object.assign({}, target, { [k]: e.target.value }))} aria-describedby=${'target-' + k + '-help'}/>
    <p class="help" id=${'target-' + k + '-help'}>${help}</p></div>`;
  return html`<main id="main" tabindex="-1" class="install">
    <h1>Install ${p.package} <span class="version">${p.version}</span></h1>
    ${p.preInstallNotes ? html`<p class="notes">${p.preInstallNotes}</p>` : null}
    <form id="install-form" novalidate onSubmit=${doInstall}>
      <fieldset class="section"><legend>Instance</legend>
        ${t('role', 'Role', 'The role (tenant) the instance belongs to: its apps run as /ROLE/ID.')}
        ${t('id', 'Instance id', 'A name for this instance, unique in the role.')}
        <p class="help">Its home goes in the package's base directory, ${p.zeta.recommendedBaseDir}.</p>
      </fieldset>
      ${fields.current.length ? html`<${Fields} fields=${fields.current} values=${values} errors=${errors} set=${set}/>`
        : html`<p>This package has no options.</p>`}
      <${Problem} error=${general}/>
      <div class="actions">
        <button type="button" id="preview" onClick=${doPreview} disabled=${busy}>Preview</button>
        <button type="submit" id="install" class="primary" disabled=${busy}>Install</button>
      </div>
    </form>
    ${preview ? html`<section aria-label="Preview"><h2>Preview: the Marathon app</h2>
      <pre id="preview-json" tabindex="0">${JSON.stringify(preview, null, 2)}</pre></section>` : null}
  </main>`;
}

// ---- instances, instance, cluster (Zeta's /zeta/v1) ----

function Instances() {
  const [tick, setTick] = useState(0);
  const state = useLoad(() => get('/zeta/v1/instances'), [tick]);
  // Any event the server lets through is about an app this user may see: a row changed, or one came or went.
  useLiveRefresh(() => true, () => setTick(t => t + 1));
  if (state.error) return html`<main id="main" tabindex="-1"><h1>Instances</h1><${Problem} error=${state.error}/></main>`;
  if (!state.data) return html`<main id="main" tabindex="-1"><h1>Instances</h1><p>Loading…</p></main>`;
  const byRole = {};
  (state.data.instances || []).forEach(i => { (byRole[i.role] = byRole[i.role] || []).push(i); });
  return html`<main id="main" tabindex="-1"><h1>Instances</h1>
    ${Object.keys(byRole).length === 0 ? html`<p>No instance you may see. Install one from the catalog.</p>` : null}
    ${Object.keys(byRole).sort().map(role => html`<section><h2>Role ${role}</h2>
      <table class="instances"><thead><tr><th scope="col">Instance</th><th scope="col">Package</th><th scope="col">State</th>
        <th scope="col">Tasks</th><th scope="col">URLs</th></tr></thead>
      <tbody>${byRole[role].map(i => html`<tr data-instance=${i.role + '/' + i.id}>
        <td><a href=${'#/instance/' + enc(i.role) + '/' + enc(i.id)}>${i.id}</a></td>
        <td>${i.package} ${i.version}</td><td><span class=${'state ' + i.state}>${i.state}</span></td>
        <td>${tasks(i)}</td><td>${(i.urls || []).map(u => html`<a href=${u} target="_blank" rel="noopener noreferrer">${u}</a> `)}</td>
      </tr>`)}</tbody></table></section>`)}
  </main>`;
}

function tasks(i) {
  if (i.tasksRunning === undefined) return '';
  return i.tasksRunning + '/' + (i.instances !== undefined ? i.instances : '?') + ' running'
    + (i.tasksHealthy !== undefined ? ', ' + i.tasksHealthy + ' healthy' : '');
}

// ---- live updates: the server's event stream (GET /zeta/v1/events), slow polling when it fails ----

const SCHEDULER_EVENTS = ['status_update_event', 'instance_changed_event', 'health_status_changed_event',
  'app_terminated_event', 'deployment_info', 'deployment_success', 'deployment_failed', 'deployment_step_success',
  'deployment_step_failure', 'unhealthy_instance_kill_event', 'failed_health_check_event', 'zeta_changed'];
const FALLBACK_POLL_MS = 15000;
const DEBOUNCE_MS = 300;
// What the pages refreshed and why (read by the browser tests: refreshes come from events, not timers).
const refreshes = { event: 0, poll: 0 };
window.zetaRefreshes = refreshes;
const live = { source: null, state: 'off', message: '', opened: false, retry: null, listeners: new Set(), watchers: new Set() };

function setLive(state, message) {
  live.state = state;
  live.message = message || '';
  live.watchers.forEach(w => w());
}

/** Opens the stream once per login; EventSource reconnects by itself, a refused stream is retried slowly. */
function connectLive() {
  if (live.source || !session.principal || typeof EventSource === 'undefined') return;
  // A console without a cluster (catalog only) has no instances and the server no event stream.
  if (!session.events) { setLive('off', 'this server has no cluster: nothing to follow'); return; }
  clearTimeout(live.retry);
  const es = new EventSource('/zeta/v1/events');
  live.source = es;
  setLive('connecting');
  es.addEventListener('hello', () => {
    // Back after a drop: what happened meanwhile was missed, so every page shown refreshes once.
    if (live.opened) live.listeners.forEach(l => l(null));
    live.opened = true;
  });
  es.addEventListener('scheduler', e => {
    const s = JSON.parse(e.data);
    if (s.connected && live.state === 'scheduler') live.listeners.forEach(l => l(null));
    setLive(s.connected ? 'live' : 'scheduler', s.message);
  });
  SCHEDULER_EVENTS.forEach(t => es.addEventListener(t, e => {
    let ev;
    try { ev = JSON.parse(e.data); } catch (err) { return; }
    live.listeners.forEach(l => l(ev));
  }));
  es.addEventListener('unauthenticated', () => {
    disconnectLive();
    session.principal = null;
    go('#/login');
    rerender();
  });
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      // Refused (401, 429) or not an event stream: EventSource gives up; try again at the polling pace.
      live.source = null;
      setLive('reconnecting', 'the event stream was refused');
      live.retry = setTimeout(connectLive, FALLBACK_POLL_MS);
    } else {
      setLive('reconnecting', 'the event stream was interrupted');
    }
  };
}

function disconnectLive() {
  clearTimeout(live.retry);
  if (live.source) live.source.close();
  live.source = null;
  live.opened = false;
  setLive('off');
}

function useLiveState() {
  const [, setN] = useState(0);
  useEffect(() => {
    const w = () => setN(n => n + 1);
    live.watchers.add(w);
    return () => live.watchers.delete(w);
  }, []);
  return live.state;
}

/**
 * Calls onRefresh when an event that matches arrives (debounced: a deployment sends several), and
 * every 15 s only while the stream is not live (refused, reconnecting, the scheduler unreachable).
 * A hidden tab refreshes when it is shown again.
 */
function useLiveRefresh(matches, onRefresh) {
  const state = useLiveState();
  const current = useRef();
  current.current = { matches, onRefresh };
  useEffect(() => {
    let timer = null;
    let missed = false;
    const fire = () => {
      if (document.hidden) { missed = true; return; }
      refreshes.event++;
      current.current.onRefresh();
    };
    const listener = ev => {
      if (ev && !current.current.matches(ev)) return;
      clearTimeout(timer);
      timer = setTimeout(fire, DEBOUNCE_MS);
    };
    const shown = () => { if (!document.hidden && missed) { missed = false; fire(); } };
    live.listeners.add(listener);
    document.addEventListener('visibilitychange', shown);
    return () => { live.listeners.delete(listener); clearTimeout(timer); document.removeEventListener('visibilitychange', shown); };
  }, []);
  useEffect(() => {
    if (state === 'live') return undefined;
    const timer = setInterval(() => {
      if (!document.hidden) { refreshes.poll++; current.current.onRefresh(); }
    }, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [state]);
}

function LiveIndicator() {
  const state = useLiveState();
  const label = { live: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…', scheduler: 'scheduler unreachable',
    off: 'not live' }[state] || state;
  return html`<span id="live" class=${'live ' + state} role="status" title=${live.message || label}>${label}</span>`;
}

/** Whether an event names an app of the instance /role/id (its app, or its group's). */
function aboutInstance(ev, role, id) {
  const prefix = '/' + role + '/' + id;
  return (ev.appIds || []).some(a => a === prefix || a.startsWith(prefix + '/'));
}

function Instance({ args }) {
  const [role, id] = args;
  const [tick, setTick] = useState(0);
  const [gone, setGone] = useState(false);
  const base = '/zeta/v1/instances/' + enc(role) + '/' + enc(id);
  const state = useLoad(() => get(base), [role, id, tick]);
  const described = useLoad(() => get(base + '/describe'), [role, id, tick]);
  const [error, setError] = useState(null);
  const [note, setNote] = useState(null);
  const [busy, setBusy] = useState(false);
  useLiveRefresh(ev => aboutInstance(ev, role, id), () => setTick(t => t + 1));
  const act = async (verb, body) => {
    setError(null); setNote(null); setBusy(true);
    try {
      const r = await call('POST', base + '/' + verb, body || {});
      setNote(r.message || 'Done.');
      setTick(t => t + 1);
    } catch (e) { setError(e); }
    setBusy(false);
  };
  const uninstall = async purge => {
    setError(null);
    try {
      // Cosmos's /package/uninstall keeps the data; Zeta's endpoint can purge it, naming the id.
      if (purge) await call('POST', base + '/uninstall', { purge: true, confirm: id });
      else await cosmos('uninstall', { packageName: state.data.package, appId: '/' + role + '/' + id });
      setGone(purge ? 'purged' : 'uninstalled');
      go('#/instances');
    } catch (e) { setError(e); }
  };
  if (gone) return html`<main id="main" tabindex="-1"><p role="status">Uninstalled ${role}/${id}${gone === 'purged' ? ', its data deleted' : ''}.</p></main>`;
  if (state.error && !state.data) return html`<main id="main" tabindex="-1"><h1>${role}/${id}</h1><p class="problem" role="alert" id="instance-problem">${
    state.error.status === 403 ? 'You are not allowed to see instances of role ' + role + '.'
      : state.error.status === 404 ? 'There is no instance ' + role + '/' + id + '.' : state.error.message}</p>
    <p><a href="#/instances">Back to the instances you may see</a></p></main>`;
  if (!state.data) return html`<main id="main" tabindex="-1"><p>Loading…</p></main>`;
  const i = state.data;
  return html`<main id="main" tabindex="-1" class="instance">
    <h1>${i.role}/${i.id} <span class=${'state ' + i.state} id="instance-state">${i.state}</span></h1>
    <dl class="facts"><dt>Package</dt><dd id="instance-version">${i.package} ${i.version}</dd><dt>Home</dt><dd>${i.home}</dd>
      ${i.reason ? html`<dt>Why</dt><dd>${i.reason}</dd>` : null}
      ${i.installedBy ? html`<dt>Installed</dt><dd>${i.installedAt} by ${i.installedBy}</dd>` : null}
      <dt>Apps</dt><dd>${(i.apps || []).map(a => typeof a === 'string' ? a : a.id).join(', ')}</dd></dl>
    <div class="actions" aria-busy=${busy}>
      <button type="button" id="start" disabled=${busy} onClick=${() => act('start')}>Start</button>
      <button type="button" id="stop" disabled=${busy} onClick=${() => act('stop')}>Stop</button>
      <button type="button" id="restart" disabled=${busy} onClick=${() => act('restart')}>Restart</button>
      <${Scale} act=${act} busy=${busy}/>
      <${Uninstall} i=${i} onConfirm=${uninstall}/>
    </div>
    <${Upgrade} i=${i} act=${act} busy=${busy}/>
    <${Problem} error=${error}/>
    ${note ? html`<p class="note" role="status" id="note">${note}</p>` : null}
    ${described.data ? html`<section><h2>Apps</h2>${described.data.apps.map(a => html`<div class="app" data-app=${a.id}>
      <h3>${a.id} <span class=${'state ' + a.state}>${a.state}</span></h3>
      <p class="tasks">${a.tasksRunning}/${a.instances} tasks running${a.hasHealthChecks ? ', ' + a.tasksHealthy + ' healthy' : ''}</p>
      ${a.urls.map(u => html`<a class="url" href=${u} target="_blank" rel="noopener noreferrer">${u}</a> `)}
      ${a.lastTaskFailure ? html`<p class="problem">Last failure: ${a.lastTaskFailure.message || ''}</p>` : null}</div>`)}
      </section>` : null}
    <${History} base=${base} act=${act} tick=${tick} busy=${busy}/>
    <${Diff} base=${base} tick=${tick}/>
    <${Env} base=${base} tick=${tick}/>
    <${HomeFiles} base=${base}/>
    <${Logs} base=${base}/>
    <section><h2>Options</h2><pre id="options" tabindex="0">${JSON.stringify(i.options || {}, null, 2)}</pre></section>
  </main>`;
}

function Scale({ act, busy }) {
  const [n, setN] = useState('2');
  return html`<span class="inline"><label for="scale-n">Tasks</label>
    <input id="scale-n" type="number" min="0" step="1" value=${n} onInput=${e => setN(e.target.value)}/>
    <button type="button" id="scale" disabled=${busy} onClick=${() => act('scale', { instances: Number(n) })}>Scale</button></span>`;
}

function Upgrade({ i, act, busy }) {
  const [v, setV] = useState(i.version);
  const [opts, setOpts] = useState('{}');
  const [bad, setBad] = useState(null);
  const submit = e => {
    e.preventDefault();
    let options;
    try { options = JSON.parse(opts || '{}'); } catch (err) { setBad('Not JSON: ' + err.message); return; }
    setBad(null);
    act('upgrade', { version: v, options });
  };
  return html`<form class="upgrade" onSubmit=${submit}><fieldset class="section"><legend>Upgrade</legend>
    <div class="field inline"><label for="upgrade-to">Version</label>
      <input id="upgrade-to" value=${v} onInput=${e => setV(e.target.value)}/></div>
    <div class="field"><label for="upgrade-options">Options to change (JSON, over the instance's own)</label>
      <textarea id="upgrade-options" rows="2" spellcheck="false" value=${opts} aria-invalid=${bad ? 'true' : undefined}
        onInput=${e => setOpts(e.target.value)}></textarea>
      ${bad ? html`<p class="error" role="alert">${bad}</p>` : null}</div>
    <button type="submit" id="upgrade" disabled=${busy}>Upgrade</button></fieldset></form>`;
}

function History({ base, act, tick, busy }) {
  const state = useLoad(() => get(base + '/history'), [base, tick]);
  if (!state.data) return html`<section><h2>Revisions</h2><${Problem} error=${state.error}/></section>`;
  const revs = state.data.revisions || [];
  return html`<section><h2>Revisions</h2><table id="history"><thead><tr><th scope="col">Revision</th><th scope="col">Version</th>
    <th scope="col">Action</th><th scope="col">State</th><th scope="col">Who</th><th scope="col">When</th><th scope="col">What</th>
    <th scope="col"><span class="sr">Roll back</span></th></tr></thead>
    <tbody>${revs.map(r => html`<tr data-revision=${r.revision}><td>${r.revision}${r.current ? ' (current)' : ''}</td><td>${r.version}</td>
      <td>${r.action}</td><td>${r.state}</td><td>${r.principal}</td><td>${r.time}</td><td>${r.description}</td>
      <td>${r.current ? null : html`<button type="button" class="rollback" disabled=${busy}
        onClick=${() => act('rollback', { revision: r.revision })}>Roll back to ${r.revision}</button>`}</td></tr>`)}</tbody></table>
  </section>`;
}

/** The unified diff between two revisions (Marathon apps, options, config files; secrets masked by the server). */
function Diff({ base, tick }) {
  const history = useLoad(() => get(base + '/history'), [base, tick]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState(null);
  const [error, setError] = useState(null);
  const revs = history.data ? history.data.revisions || [] : [];
  if (revs.length < 2) return null;
  const a = from || String(revs[revs.length - 2].revision);
  const b = to || String(revs[revs.length - 1].revision);
  const show = async e => {
    e.preventDefault();
    setError(null);
    try { setDiff(await get(base + '/diff?from=' + enc(a) + '&to=' + enc(b))); } catch (err) { setError(err); setDiff(null); }
  };
  const pick = (k, label, v, set) => html`<div class="field inline"><label for=${'diff-' + k}>${label}</label>
    <select id=${'diff-' + k} value=${v} onChange=${e => set(e.target.value)}>${revs.map(r => html`<option value=${String(r.revision)}>${r.revision} (${r.version}, ${r.action})</option>`)}</select></div>`;
  return html`<section><h2>Compare revisions</h2>
    <form class="filters" onSubmit=${show}>${pick('from', 'From', a, setFrom)}${pick('to', 'To', b, setTo)}
      <button type="submit" id="diff-show">Show the diff</button></form>
    <${Problem} error=${error}/>
    ${diff ? html`<p aria-live="polite">${diff.same ? 'Revisions ' + a + ' and ' + b + ' render the same.'
        : 'Changed: ' + diff.files.filter(f => f.changed).map(f => f.path).join(', ') + '.'}</p>
      ${diff.same ? null : html`<pre id="diff" class="diff" tabindex="0">${diff.diff.split('\n').map(l => html`<span class=${
        l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : l.startsWith('@@') ? 'hunk' : ''}>${l}\n</span>`)}</pre>`}` : null}
  </section>`;
}

/** The env exports the instance gives its role (its role env file), secret values masked by the server. */
function Env({ base, tick }) {
  const state = useLoad(() => get(base + '/env'), [base, tick]);
  if (!state.data) return html`<section><h2>Env exports</h2><${Problem} error=${state.error}/></section>`;
  const e = state.data;
  return html`<section><h2>Env exports</h2>
    ${e.exists ? html`<p>Sourced by the role's jobs from <code>${e.file}</code>:</p>
      <table id="env"><thead><tr><th scope="col">Variable</th><th scope="col">Value</th></tr></thead>
      <tbody>${e.exports.map(x => html`<tr data-env=${x.name}><td><code>${x.name}</code></td><td><code>${x.value}</code>${x.masked ? html` <span class="badge">secret</span>` : null}</td></tr>`)}</tbody></table>`
      : html`<p>No env file (${e.file}): the instance is not installed.</p>`}
  </section>`;
}

/** The files of the instance's home on shared storage (read only; links are named, not followed). */
function HomeFiles({ base }) {
  const [state, setState] = useState(null);
  const [error, setError] = useState(null);
  const load = async () => {
    setError(null);
    try { setState(await get(base + '/files')); } catch (e) { setError(e); }
  };
  return html`<section><h2>Files in its home</h2>
    <div class="actions"><button type="button" id="files-list" onClick=${load}>${state ? 'Refresh' : 'List the files'}</button></div>
    <${Problem} error=${error}/>
    ${state ? html`<p>${state.files.length} entries in <code>${state.home}</code>${state.truncated ? ' (more not listed: at most ' + state.max + ', or directories this server may not read)' : ''}.</p>
      <table id="files"><thead><tr><th scope="col">Path</th><th scope="col">Size</th><th scope="col">Owner</th><th scope="col">Mode</th><th scope="col">Modified</th></tr></thead>
      <tbody>${state.files.map(f => html`<tr data-file=${f.path}><td><code>${f.path}${f.type === 'directory' ? '/' : ''}</code>${f.type === 'link' ? html` → <code>${f.target}</code> (link, not followed)` : null}</td>
        <td>${f.type === 'file' ? size(f.size) : ''}</td><td>${f.owner ? f.owner + ':' + f.group : ''}</td><td>${f.mode || ''}</td><td>${f.modified || ''}</td></tr>`)}</tbody></table>` : null}
  </section>`;
}

function Logs({ base }) {
  const [lines, setLines] = useState(null);
  const [follow, setFollow] = useState(false);
  const [error, setError] = useState(null);
  const load = async () => {
    try { const r = await get(base + '/logs?lines=200'); setLines(r.lines || []); setError(null); } catch (e) { setError(e); }
  };
  useEffect(() => {
    if (!follow) return undefined;
    const timer = setInterval(load, 1500);
    return () => clearInterval(timer);
  }, [follow, base]);
  return html`<section><h2>Logs</h2>
    <div class="actions"><button type="button" id="logs-tail" onClick=${load}>Show the last lines</button>
    <label><input type="checkbox" id="logs-follow" checked=${follow} onChange=${e => { setFollow(e.target.checked); load(); }}/> Follow</label></div>
    <${Problem} error=${error}/>
    ${lines ? html`<pre id="logs" tabindex="0" aria-live="polite">${lines.length ? lines.join('\n') : '(no output yet)'}</pre>` : null}</section>`;
}

function Uninstall({ i, onConfirm }) {
  const [asking, setAsking] = useState(false);
  const [purge, setPurge] = useState(false);
  const [typed, setTyped] = useState('');
  const name = i.role + '/' + i.id;
  if (!asking) return html`<button type="button" class="danger" id="uninstall" onClick=${() => setAsking(true)}>Uninstall…</button>`;
  const ready = !purge || typed === i.id;
  return html`<div class="confirm" role="dialog" aria-label="Confirm uninstall" aria-describedby="uninstall-what">
    <p id="uninstall-what">Uninstall ${name}: its apps are destroyed and its home removed; ${purge
      ? html`<strong>its persistent data is deleted too, for good</strong>.` : 'its persistent data is kept.'}</p>
    <label><input type="checkbox" id="uninstall-purge" checked=${purge} onChange=${e => { setPurge(e.target.checked); setTyped(''); }}/> Also delete its data</label>
    ${purge ? html`<div class="field"><label for="uninstall-typed">Type the instance id, ${i.id}, to confirm</label>
      <input id="uninstall-typed" value=${typed} autocomplete="off" onInput=${e => setTyped(e.target.value)}/></div>` : null}
    <button type="button" class="danger" id="uninstall-confirm" disabled=${!ready} onClick=${() => onConfirm(purge)}>${purge ? 'Uninstall and delete the data of ' : 'Uninstall '}${name}</button>
    <button type="button" onClick=${() => setAsking(false)}>Cancel</button>
  </div>`;
}

/** "9.5 MiB / 10 MiB", "3 / -" without a quota, "no access" where the server may not measure. */
function usage(used, quota, fmt) {
  if (used === null || used === undefined) return 'no access';
  return fmt(used) + ' / ' + (quota === null || quota === undefined ? '-' : fmt(quota));
}

function Cluster() {
  const roles = useLoad(() => get('/zeta/v1/roles'), []);
  const caps = useLoad(() => get('/zeta/v1/capabilities'), []);
  const [filter, setFilter] = useState({ principal: '', role: '', action: '', since: '' });
  const [applied, setApplied] = useState(filter);
  const audit = useLoad(() => get('/zeta/v1/audit?' + Object.entries(applied).filter(([, v]) => v)
    .map(([k, v]) => enc(k) + '=' + enc(v)).join('&')), [applied]);
  const f = (k, label) => html`<div class="field inline"><label for=${'audit-' + k}>${label}</label>
    <input id=${'audit-' + k} value=${filter[k]} onInput=${e => setFilter(Object.assign({}, filter, { [k]: e.target.value }))}/></div>`;
  return html`<main id="main" tabindex="-1" class="cluster"><h1>Cluster</h1>
    <section><h2>Roles</h2><${Problem} error=${roles.error}/>
      ${roles.data ? html`<p>${roles.data.enforced ? 'Roles are enforced (directory).' : 'Roles are not enforced (no directory).'}</p>
        ${roles.data.quotas && !roles.data.quotas.supported ? html`<p>No quotas: ${roles.data.quotas.reason}.</p>` : null}
        <table id="roles"><thead><tr><th scope="col">Role</th><th scope="col">Directory</th><th scope="col">Owner</th><th scope="col">Group</th>
          <th scope="col">Mode</th><th scope="col">Space used / quota</th><th scope="col">Names used / quota</th></tr></thead>
        <tbody>${(roles.data.roles || []).map(r => (r.dirs || []).map((d, n) => html`<tr data-role=${r.role}>
          ${n === 0 ? html`<th scope="row" rowspan=${r.dirs.length}>${r.role}<div class="meta">created ${r.createdAt} by ${r.createdBy}</div></th>` : null}
          <td><code>${d.path}</code></td><td>${d.owner}</td><td>${d.group}${d.applied === false ? html` <span class="badge no" title=${d.note || ''}>recorded only</span>` : null}</td><td>${d.mode}</td>
          <td>${usage(d.spaceUsed, d.spaceQuota, size)}</td><td>${usage(d.namespaceUsed, d.namespaceQuota, String)}</td></tr>`))}</tbody></table>` : null}</section>
    <section><h2>Capabilities</h2><${Problem} error=${caps.error}/>
      ${caps.data ? html`<ul id="capabilities">${(caps.data.capabilities || []).map(c => html`<li>${typeof c === 'string' ? c : c.name}</li>`)}</ul>` : null}</section>
    <section><h2>Audit log</h2>
      <form class="filters" onSubmit=${e => { e.preventDefault(); setApplied(filter); }}>
        ${f('principal', 'User')}${f('role', 'Role')}${f('action', 'Action')}${f('since', 'Since')}
        <button type="submit">Filter</button></form>
      <${Problem} error=${audit.error}/>
      ${audit.data ? html`<table id="audit"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th>
        <th scope="col">Target</th><th scope="col">Result</th></tr></thead>
        <tbody>${(audit.data.entries || []).map(a => html`<tr><td>${a.time}</td><td>${a.principal}</td><td>${a.action}</td>
          <td>${a.target}</td><td>${a.result}</td></tr>`)}</tbody></table>` : null}</section>
  </main>`;
}

// ---- the page ----

const PAGES = { catalog: Catalog, package: Package, install: Install, instances: Instances, instance: Instance, cluster: Cluster };

function App() {
  const r = route();
  if (!session.principal || r.page === 'login') return html`<a class="skip" href="#main" onClick=${skip}>Skip to content</a><${Login}/>`;
  const Page = PAGES[r.page] || Catalog;
  return html`<a class="skip" href="#main" onClick=${skip}>Skip to content</a><${Nav} page=${r.page}/>
    <${Page} key=${location.hash} args=${r.args}/>`;
}

function skip(e) {
  e.preventDefault();
  const m = document.getElementById('main');
  if (m) m.focus();
}

function rerender() {
  if (session.principal) connectLive(); else disconnectLive();
  render(html`<${App}/>`, document.getElementById('app'));
}

async function start() {
  try {
    const s = await call('GET', SESSION);
    if (s.principal) Object.assign(session, { principal: s.principal, admin: s.admin, csrf: s.csrfToken, events: s.events === true });
  } catch (e) { /* not logged in */ }
  const app = document.getElementById('app');
  app.textContent = '';
  window.addEventListener('hashchange', rerender);
  rerender();
}

start();
