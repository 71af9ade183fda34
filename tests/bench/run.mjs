#!/usr/bin/env node
// Yehua benchmark (a script, not a test). `make bench` runs it after building dist-bench/.
//
//   node tests/bench/run.mjs [--dist dist-bench] [--runs 5] [--warmup 1] [--port 8710]
//                            [--out docs/BENCHMARKS.md] [--no-write] [--strict]
//                            [--profiles normal,slow] [--pages floor,40,200] [--standin]
//
// Serves DIST with gzip only (the release's .gz twins where present; --no-brotli) from tests/endpoint/server.py --static on 127.0.0.1, writes into DIST:
//   floor.html      plain static page, one text input + one radio group (the floor)
//   bench-40.html   DIST/index.html with #yehua data-definition-url="/defs-40.json"
//   bench-200.html  the same with /defs-200.json
//   bench-40p.html  bench-40.html with its first screen prerendered (.ci/prerender.mjs)
//   embed-40.html   a host page with <yehua-feedback definition-url="/defs-40.json"> (yehua-embed.js)
// (defs-*.json come from make_definitions.mjs; made here when missing). --standin uses
// tests/bench/standin.html instead of DIST/index.html (to develop the bench itself).
//
// For every run × profile × page, in a fresh browser context with the HTTP cache off:
//   wire bytes (encoded, incl. headers), decoded bytes, requests — CDP Network events
//   time to first usable question — timed in the page (init script, MutationObserver + rAF)
//   JS heap after render (after a GC; CDP Performance.getMetrics) and wasm linear memory
//   keystroke → next paint, choice click → next paint, reveal click → revealed question
//   painted — timed in the page from the event's timeStamp to rAF + setTimeout(0)
//   long tasks (PerformanceObserver 'longtask') during the load
// Writes a markdown report to --out, keeping everything below the NOTES marker.
import { createRequire } from 'node:module';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDefinition } from './make_definitions.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('@playwright/test');

const NOTES_MARKER = '<!-- bench:notes — everything below this line is hand-written and kept by tests/bench/run.mjs -->';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
const PROFILES = {
  normal: { label: 'normal (no throttling)', cpu: 1, net: null },
  slow: {
    label: 'slow kiosk (CPU ×4, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up)',
    cpu: 4,
    net: { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
  },
};

// Budgets for the widget pages (medians). Proposed by the build engineer; edit freely.
// Keys: metric id -> { profile -> { page -> limit } }.  Units as in METRICS.
// The budgets of the performance issue. A number is an absolute limit; `{ floor: x }` is at most
// x times the floor page's median in the same run (times move from machine to machine, ratios
// less). Only the 40-question definition has budgets, except the long-task rule for 200.
const BUDGETS = {
  appWireKB: { normal: { 40: 100 }, slow: { 40: 100 } },
  firstUsableMs: { normal: { 40: { floor: 3 } }, slow: { 40: { floor: 2.5 } } },
  jsHeapMB: { normal: { 40: 3 }, slow: { 40: 3 } },
  keyMs: { slow: { 40: { floor: 1.5 } } },
  clickMs: { slow: { 40: { floor: 1.5 } } },
  revealMs: { slow: { 40: { floor: 1.5, of: 'clickMs' } } },
  longTasks200: { normal: { 200: 0 } },
};
// The 40 questions prerendered into the page (.ci/prerender.mjs, docs/PRERENDER.md) and in a
// <yehua-feedback> on a host page answer to the same budgets as the 40 q page.
for (const b of Object.values(BUDGETS)) {
  for (const prof of Object.values(b)) if (prof[40] !== undefined) prof['40p'] = prof['40e'] = prof[40];
}

// Clicks per load: choices that reveal nothing, and choices that reveal a question.
const CLICKS = 6;
const REVEALS = 4;

const METRICS = [
  { id: 'wireKB', label: 'bytes on the wire (KB, gzip, incl. headers)', digits: 1 },
  { id: 'appWireKB', label: 'of which html + js + wasm + css (KiB, without the definition)', digits: 1 },
  { id: 'decodedKB', label: 'bytes decoded (KB)', digits: 1 },
  { id: 'requests', label: 'requests', digits: 0 },
  { id: 'firstUsableMs', label: 'first usable question (ms)', digits: 0 },
  { id: 'fcpMs', label: 'first contentful paint (ms)', digits: 0 },
  { id: 'jsHeapMB', label: 'JS heap used after render, after GC (MB)', digits: 2 },
  { id: 'wasmMemMB', label: 'wasm linear memory (MB)', digits: 2 },
  { id: 'keyMs', label: 'keystroke → next paint, median of 8 (ms)', digits: 1 },
  { id: 'clickMs', label: `choice click → next paint, median of ${CLICKS} (ms)`, digits: 1 },
  { id: 'clickFirstMs', label: 'of which the first click in the page (ms)', digits: 1 },
  { id: 'revealMs', label: `click revealing a question → painted, median of ${REVEALS} (ms)`, digits: 1 },
  { id: 'revealFirstMs', label: 'of which the first (ms)', digits: 1 },
  { id: 'eventTimingMaxMs', label: 'Event Timing: longest interaction (ms; only ≥ 16 ms is reported, 0 = none)', digits: 0 },
  { id: 'longTasks200', label: 'long tasks > 200 ms during load', digits: 0 },
  { id: 'longTaskMaxMs', label: 'longest task during load (ms, 0 = none ≥ 50)', digits: 0 },
  { id: 'tbtMs', label: 'total blocking time during load (ms)', digits: 0 },
];

// ---------------------------------------------------------------------------------------
function parseArgs(argv) {
  const a = {
    dist: 'dist-bench', runs: Number(process.env.BENCH_RUNS ?? 5), warmup: 1,
    port: Number(process.env.BENCH_PORT ?? 8710), out: 'docs/BENCHMARKS.md', write: true,
    strict: false, profiles: ['normal', 'slow'], pages: ['floor', '40', '40p', '40e', '200'], standin: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => argv[++i];
    if (k === '--dist') a.dist = next();
    else if (k === '--runs') a.runs = Number(next());
    else if (k === '--warmup') a.warmup = Number(next());
    else if (k === '--port') a.port = Number(next());
    else if (k === '--out') a.out = next();
    else if (k === '--no-write') a.write = false;
    else if (k === '--strict') a.strict = true;
    else if (k === '--profiles') a.profiles = next().split(',');
    else if (k === '--pages') a.pages = next().split(',');
    else if (k === '--standin') a.standin = true;
    else throw new Error(`unknown argument ${k}`);
  }
  a.dist = path.resolve(ROOT, a.dist);
  a.out = path.resolve(ROOT, a.out);
  return a;
}

const FLOOR_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>floor</title>
</head>
<body>
<div id="yehua" data-yehua-state="ready">
  <div data-name="q1"><label for="q1">您想说点什么？</label> <input id="q1" type="text"></div>
  <div data-name="q2"><span>有问题吗？</span>
    <label><input type="radio" name="q2" value="yes">是</label>
    <label><input type="radio" name="q2" value="no">否</label>
    <label><input type="radio" name="q2" value="unsure">不确定</label>
  </div>
</div>
</body>
</html>
`;

function setMountAttribute(html, name, value) {
  const re = /<([a-zA-Z][\w-]*)([^>]*?\sid\s*=\s*["']yehua["'][^>]*)>/;
  const m = re.exec(html);
  if (!m) {
    if (!/<body[^>]*>/i.test(html)) throw new Error('page has neither #yehua nor <body>');
    return html.replace(/<body([^>]*)>/i, (b) => `${b}<div id="yehua" data-${name}="${value}"></div>`);
  }
  const attr = new RegExp(`\\sdata-${name}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s>]*)`, 'i');
  const rest = attr.test(m[2]) ? m[2].replace(attr, ` data-${name}="${value}"`) : `${m[2]} data-${name}="${value}"`;
  return html.slice(0, m.index) + `<${m[1]}${rest}>` + html.slice(m.index + m[0].length);
}

const EMBED_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>和平区 · 社区网站</title>
<link rel="modulepreload" href="/yehua-app.js">
<script src="/yehua-embed.js" async></script>
</head>
<body>
<h1>和平区 · 社区网站</h1>
<p>欢迎参加本月的夜话：请在下面留下您的需要和建议。</p>
<yehua-feedback definition-url="/defs-40.json"></yehua-feedback>
</body>
</html>
`;

function preparePages(a) {
  if (!fs.existsSync(a.dist)) fs.mkdirSync(a.dist, { recursive: true });
  const template = a.standin ? path.join(HERE, 'standin.html') : path.join(a.dist, 'index.html');
  if (!fs.existsSync(template)) {
    throw new Error(`${template} is missing: run \`make bench\` (it builds dist-bench), or use --standin`);
  }
  const html = fs.readFileSync(template, 'utf8');
  fs.writeFileSync(path.join(a.dist, 'floor.html'), FLOOR_HTML);
  const pages = { floor: { name: 'floor', url: '/floor.html', def: null } };
  for (const n of [40, 200]) {
    const defFile = path.join(a.dist, `defs-${n}.json`);
    if (!fs.existsSync(defFile)) fs.writeFileSync(defFile, JSON.stringify(makeDefinition(n)) + '\n');
    fs.writeFileSync(path.join(a.dist, `bench-${n}.html`), setMountAttribute(html, 'definition-url', `/defs-${n}.json`));
    pages[String(n)] = { name: `${n} q`, url: `/bench-${n}.html`, def: JSON.parse(fs.readFileSync(defFile, 'utf8')) };
  }
  // The same 40 q page with its first screen prerendered (made once the browser runs).
  fs.copyFileSync(path.join(a.dist, 'bench-40.html'), path.join(a.dist, 'bench-40p.html'));
  pages['40p'] = { ...pages['40'], name: '40 q pre', url: '/bench-40p.html', prerender: 'bench-40p.html' };
  // The same 40 questions in a <yehua-feedback> on a community site's page (docs/EMBEDDING.md).
  if (!a.standin) {
    fs.writeFileSync(path.join(a.dist, 'embed-40.html'), EMBED_HTML);
    pages['40e'] = { ...pages['40'], name: '40 q embed', url: '/embed-40.html' };
  }
  return pages;
}

/** Which questions to type into / click, read from the definition (floor: fixed). */
function targets(def) {
  if (!def) return { text: 'q1', choice: { name: 'q2', value: 'no', other: 'yes' }, reveal: null };
  const els = def.pages.flatMap((p) => p.elements);
  const visible = els.filter((e) => !e.visibleIf);
  const text = visible.find((e) => e.type === 'text' || e.type === 'comment');
  const dependent = els.find((e) => /^\{(\w+)\}\s*=\s*'([^']*)'$/.test(e.visibleIf ?? ''));
  const [, trigger, value] = /^\{(\w+)\}\s*=\s*'([^']*)'$/.exec(dependent.visibleIf);
  const choiceQ = visible.find((e) => e.type === 'radiogroup' && e.name !== trigger && !els.some((d) => (d.visibleIf ?? '').includes(`{${e.name}}`)));
  const values = (q) => (q?.choices ?? []).map((c) => String(typeof c === 'object' ? c.value : c));
  // the trigger's other answers hide the dependent question again, for the next reveal
  const hide = values(els.find((e) => e.name === trigger)).find((v) => v !== value) ?? null;
  return {
    text: text.name,
    choice: { name: choiceQ.name, value: values(choiceQ)[1], other: values(choiceQ)[0] },
    reveal: { name: trigger, value, hide, revealed: dependent.name },
  };
}

// Runs in the page before any of its scripts.
const INIT_SCRIPT = `(() => {
  const B = window.__bench = { firstUsable: null, firstUsablePaint: null, longTasks: [], events: [],
    key: [], click: [], reveal: [], wasmMemories: [], _down: null, _reveal: null };
  const SEL = ['input', 'select', 'textarea'].map((t) => ':is([data-yehua-state="ready"], [data-yehua-state="prerendered"]) [data-name] ' + t).join(', ');
  const afterPaint = (cb) => requestAnimationFrame(() => setTimeout(cb, 0));
  const visible = (el) => {
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const usable = (el) => !el.disabled && !el.closest('fieldset:disabled') && visible(el);
  B.visible = visible;
  // The page, and the shadow root of each <yehua-feedback> (the embed page).
  B.all = (sel) => [document, ...[...document.querySelectorAll('yehua-feedback')].map((e) => e.shadowRoot)]
    .filter(Boolean).flatMap((root) => [...root.querySelectorAll(sel)]);
  B.one = (sel) => B.all(sel)[0] ?? null;
  let mo = null;
  const check = () => {
    if (B.firstUsable !== null) return true;
    for (const el of B.all(SEL)) {
      if (usable(el)) {
        B.firstUsable = performance.now();
        afterPaint(() => { B.firstUsablePaint = performance.now(); });
        if (mo) mo.disconnect();
        return true;
      }
    }
    return false;
  };
  mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-yehua-state', 'disabled', 'hidden', 'style', 'class'] });
  const poll = () => { if (!check()) requestAnimationFrame(poll); };
  requestAnimationFrame(poll);

  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) B.longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true }); } catch (e) {}
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId) B.events.push({ name: e.name, duration: e.duration, id: e.interactionId }); })
    .observe({ type: 'event', durationThreshold: 16, buffered: true }); } catch (e) {}

  // wasm linear memory: catch the instance's exported memories
  const grab = (res) => { try { const inst = res.instance || res;
    for (const v of Object.values(inst.exports)) if (v instanceof WebAssembly.Memory) B.wasmMemories.push(v); } catch (e) {} return res; };
  const oi = WebAssembly.instantiate, os = WebAssembly.instantiateStreaming;
  WebAssembly.instantiate = function (...a) { return oi.apply(this, a).then(grab); };
  if (os) WebAssembly.instantiateStreaming = function (...a) { return os.apply(this, a).then(grab); };
  B.wasmBytes = () => B.wasmMemories.length ? B.wasmMemories.reduce((s, m) => s + m.buffer.byteLength, 0) : null;

  // input latency: event timeStamp -> after the next paint (rAF + setTimeout 0)
  addEventListener('keydown', (e) => { const t0 = e.timeStamp; afterPaint(() => B.key.push(performance.now() - t0)); }, true);
  addEventListener('pointerdown', (e) => { B._down = e.timeStamp; }, true);
  addEventListener('click', (e) => {
    if (B._down === null) return; // the label's forwarded click: measured once
    const t0 = B._down; B._down = null;
    if (B._skip) { B._skip = false; return; } // a click that only sets up the next one
    const sel = B._reveal; B._reveal = null;
    if (!sel) { afterPaint(() => B.click.push(performance.now() - t0)); return; }
    const until = performance.now() + 10000;
    // Looks in each frame's rAF (before that frame paints): once the question is there, the
    // paint that follows shows it, so the time is taken after it (setTimeout 0), as afterPaint does.
    const look = () => {
      const el = B.one(sel);
      if (el && visible(el)) setTimeout(() => B.reveal.push(performance.now() - t0), 0);
      else if (performance.now() < until) requestAnimationFrame(look);
      else B.reveal.push(NaN);
    };
    requestAnimationFrame(look);
  }, true);
})();`;

function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

async function waitFor(pred, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Click a choice input; falls back to its label when the input itself is visually hidden. */
async function clickChoice(page, name, value) {
  const input = page.locator(`[data-yehua-state="ready"] [data-name="${name}"] input[value="${value}"]`).first();
  if (await input.isVisible()) return input.click();
  const id = await input.getAttribute('id');
  const label = id ? page.locator(`label[for="${id}"]`) : input.locator('xpath=ancestor::label[1]');
  return label.first().click();
}

async function measure(browser, site, pageDef, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  if (profile.net) await cdp.send('Network.emulateNetworkConditions', profile.net);

  const reqs = new Map();
  let inflight = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith('http')) return;
    if (!reqs.has(e.requestId)) { reqs.set(e.requestId, { url: e.request.url, encoded: 0, decoded: 0, done: false }); inflight++; }
  });
  cdp.on('Network.dataReceived', (e) => { const r = reqs.get(e.requestId); if (r) r.decoded += e.dataLength; });
  const finish = (e, failed) => {
    const r = reqs.get(e.requestId);
    if (!r || r.done) return;
    r.done = true; r.failed = failed; inflight--;
    if (!failed) r.encoded = e.encodedDataLength;
  };
  cdp.on('Network.loadingFinished', (e) => finish(e, false));
  cdp.on('Network.loadingFailed', (e) => finish(e, true));

  const t = targets(pageDef.def);
  const timeout = profile.net ? 60_000 : 30_000;
  await page.goto(site + pageDef.url, { waitUntil: 'load', timeout });
  await page.waitForFunction(() => window.__bench.firstUsablePaint !== null, null, { timeout });
  // network quiet for 300 ms (the definition and anything lazy)
  let quietSince = Date.now();
  await waitFor(() => { if (inflight > 0) quietSince = Date.now(); return Date.now() - quietSince > 300; }, timeout, 'network quiet');

  // A prerendered page: the live form has taken over (and the wasm has run) before measuring on.
  if (pageDef.prerender) await page.waitForSelector('[data-yehua-prerendered]', { state: 'detached', timeout });
  const loadState = await page.evaluate(() => {
    const B = window.__bench;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { firstUsable: B.firstUsable, fcp: fcp ? fcp.startTime : NaN, longTasks: B.longTasks.slice(), wasm: B.wasmBytes() };
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const perf = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const net = [...reqs.values()];

  // keystrokes into the first text field
  const field = page.locator(`[data-yehua-state="ready"] [data-name="${t.text}"] :is(input, textarea)`).first();
  await field.focus(); // focus() rather than click(): no pointer events to mis-measure
  let k = 0;
  for (const ch of 'ab12cdef') {
    await page.keyboard.press(ch);
    k++;
    await page.waitForFunction((n) => window.__bench.key.length >= n, k, { timeout });
  }
  const typedOk = (await field.inputValue()).endsWith('ab12cdef');
  // choices that reveal nothing: two answers of one question in turn, each click measured
  for (let i = 0; i < CLICKS; i++) {
    await clickChoice(page, t.choice.name, i % 2 ? t.choice.other : t.choice.value);
    await page.waitForFunction((n) => window.__bench.click.length >= n, i + 1, { timeout });
  }
  // a choice that reveals a conditional question; between two reveals another answer (not
  // measured) hides it again
  let revealOk = null;
  if (t.reveal) {
    const sel = `[data-name="${t.reveal.revealed}"]`;
    for (let i = 0; i < (t.reveal.hide === null ? 1 : REVEALS); i++) {
      if (i > 0) {
        await page.evaluate(() => { window.__bench._skip = true; });
        await clickChoice(page, t.reveal.name, t.reveal.hide);
        await page.waitForFunction((s) => !window.__bench.one(s) || !window.__bench.visible(window.__bench.one(s)), sel, { timeout });
      }
      await page.evaluate((s) => { window.__bench._reveal = s; }, sel);
      await clickChoice(page, t.reveal.name, t.reveal.value);
      await page.waitForFunction((n) => window.__bench.reveal.length >= n, i + 1, { timeout });
      revealOk = (revealOk ?? true) && await page.locator(sel).first().isVisible();
    }
  }
  const inter = await page.evaluate(() => {
    const B = window.__bench;
    return { key: B.key.slice(), click: B.click.slice(), reveal: B.reveal.slice(), events: B.events.slice() };
  });
  await context.close();

  const loadLong = loadState.longTasks;
  return {
    wireKB: net.reduce((s, r) => s + r.encoded, 0) / 1024,
    appWireKB: net.filter((r) => !/defs-\d+\.json|consultation.*\.json/.test(r.url)).reduce((s, r) => s + r.encoded, 0) / 1024,
    decodedKB: net.reduce((s, r) => s + r.decoded, 0) / 1024,
    requests: net.length,
    failedRequests: net.filter((r) => r.failed).map((r) => r.url),
    // Usable means seen: never before the first contentful paint (a script can find an input
    // laid out while a stylesheet still blocks the page's first paint).
    firstUsableMs: Math.max(loadState.firstUsable, Number.isFinite(loadState.fcp) ? loadState.fcp : 0),
    fcpMs: loadState.fcp,
    jsHeapMB: perf.JSHeapUsedSize / 1024 / 1024,
    wasmMemMB: loadState.wasm === null ? NaN : loadState.wasm / 1024 / 1024,
    keyMs: median(inter.key),
    clickMs: median(inter.click),
    clickFirstMs: inter.click[0],
    revealMs: median(inter.reveal),
    revealFirstMs: inter.reveal.length ? inter.reveal[0] : NaN,
    eventTimingMaxMs: inter.events.reduce((m, e) => Math.max(m, e.duration), 0),
    longTasks200: loadLong.filter((x) => x.duration > 200).length,
    longTaskMaxMs: loadLong.reduce((m, x) => Math.max(m, x.duration), 0),
    tbtMs: loadLong.reduce((s, x) => s + Math.max(0, x.duration - 50), 0),
    typedOk,
    revealOk,
    consoleErrors,
    resources: net.map((r) => ({ url: r.url.replace(site, ''), encoded: r.encoded, decoded: r.decoded })),
  };
}

function startServer(a) {
  const proc = spawn('python3', [path.join(ROOT, 'tests/endpoint/server.py'), '--port', String(a.port), '--static', a.dist, '--no-brotli'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return proc;
}

function machineInfo(version) {
  const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; } };
  const memKB = Number((/MemTotal:\s+(\d+)/.exec(sh('cat', ['/proc/meminfo'])) ?? [])[1] ?? 0);
  const commit = sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']) || '(no commit)';
  const dirty = sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock', 'index.html', 'style']) ? ' + uncommitted changes' : '';
  return {
    nproc: sh('nproc', []) || String(os.cpus().length),
    cpu: os.cpus()[0]?.model ?? '?',
    memGiB: (memKB / 1024 / 1024).toFixed(1),
    chromium: version,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: commit + dirty,
    os: sh('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']),
  };
}

const fmt = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '–');

function summarize(samples) {
  const out = {};
  for (const m of METRICS) {
    const xs = samples.map((s) => s[m.id]).filter((x) => Number.isFinite(x));
    out[m.id] = { median: median(xs), min: xs.length ? Math.min(...xs) : NaN, max: xs.length ? Math.max(...xs) : NaN, n: xs.length };
  }
  return out;
}

function cell(s, d) {
  if (!s || !Number.isFinite(s.median)) return '–';
  if (s.min === s.max) return fmt(s.median, d);
  return `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`;
}

function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `×${(a / b).toFixed(a / b >= 10 ? 0 : 1)}`;
}

function report(a, info, results, pages) {
  const lines = [];
  const failures = [];
  lines.push('# Benchmarks', '');
  lines.push('Written by `make bench` (tests/bench/run.mjs); do not edit above the notes marker — the next run rewrites it.', '');
  lines.push(`- date: ${info.date}; commit: ${info.commit}${a.standin ? ' — **STAND-IN PAGE, not the widget**' : ''}`);
  lines.push(`- machine: ${info.nproc} cores, ${info.cpu}, ${info.memGiB} GiB RAM; ${info.os}`);
  lines.push(`- browser: Chromium ${info.chromium} headless (Debian), Node ${info.node}; served by tests/endpoint/server.py --static on 127.0.0.1 with gzip only, as the budget is written (the release's zopfli .gz twins as they are, like nginx's gzip_static; other files gzip -6 on the fly; the .br twins are not sent: see the brotli column below), cache disabled, fresh context per load`);
  lines.push(`- runs: ${a.runs} (+${a.warmup} warm-up, not counted); cells are median (min–max); ×floor = widget median / floor median`);
  lines.push('- pages: **floor** = plain static HTML, one text input + one radio group (no script); **40 q** / **200 q** = the built index.html with `data-definition-url` set to a generated SurveyJS definition (tests/bench/make_definitions.mjs: text, comment, radiogroup, checkbox, dropdown, boolean, rating, with visibleIf; all on one page); **40 q pre** = the 40 q page with its first screen prerendered into the HTML by .ci/prerender.mjs (docs/PRERENDER.md); **40 q embed** = the same 40 questions in a `<yehua-feedback>` on a plain host page with the documented snippet (the modulepreload line and yehua-embed.js; docs/EMBEDDING.md; cannot be prerendered); the budgets of 40 q apply to both');
  lines.push('- timing is done inside the page (performance.now()): first usable = `[data-yehua-state="ready"] [data-name] input|select|textarea` (or `prerendered`: the static first screen, whose typed values the widget takes over) visible and enabled, and not before the first contentful paint; a prerendered page is measured on only once the live form has taken over; latencies = event timeStamp → rAF + setTimeout(0) after it. The floor has no conditional question: its "reveal" is blank');
  lines.push('');
  for (const prof of a.profiles) {
    lines.push(`## ${PROFILES[prof].label}`, '');
    const cols = a.pages;
    const head = ['metric', ...cols.flatMap((p) => (p === 'floor' ? ['floor'] : [pages[p].name, '×floor'])), 'budget (40 q / 200 q)', 'status'];
    lines.push(`| ${head.join(' | ')} |`);
    lines.push(`|${head.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const m of METRICS) {
      const row = [m.label];
      const floor = results[prof].floor?.[m.id];
      for (const p of cols) {
        const s = results[prof][p]?.[m.id];
        row.push(cell(s, m.digits));
        if (p !== 'floor') row.push(floor ? ratio(s?.median, floor.median) : '–');
      }
      const b = BUDGETS[m.id]?.[prof];
      if (b) {
        const limitOf = (p) => {
          const v = b[p];
          if (v === undefined) return undefined;
          if (typeof v === 'number') return v;
          const f = results[prof].floor?.[v.of || m.id]?.median;
          return Number.isFinite(f) ? v.floor * f : undefined;
        };
        const show = (p) => (b[p] === undefined ? '–' : typeof b[p] === 'number' ? `${b[p]}` : `≤${b[p].floor}×floor (${Math.round(limitOf(p) ?? NaN)})`);
        row.push(`${show(40)} / ${show(200)}`);
        const bad = [];
        for (const p of ['40', '40p', '40e', '200']) {
          const limit = limitOf(p);
          if (limit === undefined) continue;
          const s = results[prof][p]?.[m.id];
          if (s && Number.isFinite(s.median) && s.median > limit) bad.push(pages[p]?.name ?? `${p} q`);
          if (s && !Number.isFinite(s.median) && cols.includes(p)) bad.push(`${p} q: no value`);
        }
        row.push(bad.length ? `**over: ${bad.join(', ')}**` : 'ok');
        for (const x of bad) failures.push(`${prof}: ${m.label}: ${x}`);
      } else {
        row.push('', '');
      }
      lines.push(`| ${row.join(' | ')} |`);
    }
    lines.push('');
    const checks = [];
    for (const p of cols) {
      const r = results[prof][p];
      if (!r) continue;
      if (r._typedBad) checks.push(`${pages[p].name}: typed text was not all kept in ${r._typedBad} run(s)`);
      if (r._revealBad) checks.push(`${pages[p].name}: revealed question not visible in ${r._revealBad} run(s)`);
      if (r._errors.length) checks.push(`${pages[p].name}: console errors: ${[...new Set(r._errors)].slice(0, 3).join(' / ')}`);
      if (r._failed.length) checks.push(`${pages[p].name}: failed requests: ${[...new Set(r._failed)].join(', ')}`);
    }
    if (checks.length) lines.push(...checks.map((c) => `- ⚠ ${c}`), '');
  }
  // resources of the last 40 q normal run
  const res = results.normal?.['40']?._resources ?? results[a.profiles[0]]?.['40']?._resources;
  if (res) {
    lines.push('## What the 40 q page loads (one run, normal profile)', '');
    // What a server sending the release's .br twins would send instead (browsers ask for brotli
    // over HTTPS and from localhost): the same headers, the .br body instead of the .gz one.
    const twin = (r, suffix) => {
      const file = path.join(a.dist, decodeURIComponent(r.url.split('?')[0]) + suffix);
      return fs.existsSync(file) ? fs.statSync(file).size : null;
    };
    const brotliWire = (r) => (twin(r, '.br') !== null && twin(r, '.gz') !== null ? r.encoded - twin(r, '.gz') + twin(r, '.br') : r.encoded);
    lines.push('| resource | wire (B) | decoded (B) | its .br twin (B) |', '|---|---:|---:|---:|');
    for (const r of res) lines.push(`| \`${r.url}\` | ${r.encoded} | ${r.decoded} | ${twin(r, '.br') ?? '–'} |`);
    const app = res.filter((r) => !/defs-\d+\.json|consultation.*\.json/.test(r.url));
    const kib = (xs) => (xs.reduce((s, x) => s + x, 0) / 1024).toFixed(1);
    lines.push('', `html + js + wasm + css on the wire, from a server that sends the .br twins (the same headers): ${kib(app.map(brotliWire))} KiB, against ${kib(app.map((r) => r.encoded))} KiB with gzip (the budget row).`);
    lines.push('');
  }
  lines.push(`Budgets: ${failures.length ? `**${failures.length} over**` : 'all met'}. Budgets live in \`BUDGETS\` in tests/bench/run.mjs.`, '');
  return { text: lines.join('\n'), failures };
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const pages = preparePages(a);
  if (a.standin) a.pages = a.pages.filter((p) => p !== '40e'); // the stand-in has no loader
  for (const p of a.pages) if (!pages[p]) throw new Error(`unknown page ${p}`);
  for (const p of a.profiles) if (!PROFILES[p]) throw new Error(`unknown profile ${p}`);
  const server = startServer(a);
  const site = `http://127.0.0.1:${a.port}`;
  let browser;
  try {
    await waitFor(async () => {
      if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}); is port ${a.port} taken?`);
      try { return (await fetch(`${site}/_control/health`)).ok; } catch { return false; }
    }, 10_000, 'the static server');
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    for (const p of a.pages) {
      if (!pages[p].prerender || a.standin) continue;
      const { prerender } = await import(path.join(ROOT, '.ci/prerender.mjs'));
      await prerender(browser, a.dist, pages[p].prerender);
    }
    const info = machineInfo(browser.version());
    console.log(`bench: ${a.standin ? 'STAND-IN, ' : ''}${a.runs} runs × ${a.profiles.join('/')} × ${a.pages.join('/')} on ${site} (Chromium ${info.chromium})`);
    const samples = {};
    for (const prof of a.profiles) { samples[prof] = {}; for (const p of a.pages) samples[prof][p] = []; }
    for (let run = -a.warmup; run < a.runs; run++) {
      for (const prof of a.profiles) {
        for (const p of a.pages) {
          const s = await measure(browser, site, pages[p], PROFILES[prof]);
          if (run >= 0) samples[prof][p].push(s);
          process.stdout.write(`  ${run < 0 ? 'warm-up' : `run ${run + 1}`} ${prof.padEnd(6)} ${pages[p].name.padEnd(6)} ` +
            `usable ${fmt(s.firstUsableMs, 0)} ms, wire ${fmt(s.wireKB, 1)} KB/${s.requests} req, key ${fmt(s.keyMs, 1)} ms, ` +
            `click ${fmt(s.clickMs, 1)} ms, reveal ${fmt(s.revealMs, 1)} ms, long>200 ${s.longTasks200}\n`);
        }
      }
    }
    const results = {};
    for (const prof of a.profiles) {
      results[prof] = {};
      for (const p of a.pages) {
        const ss = samples[prof][p];
        results[prof][p] = summarize(ss);
        results[prof][p]._typedBad = ss.filter((s) => !s.typedOk).length;
        results[prof][p]._revealBad = ss.filter((s) => s.revealOk === false).length;
        results[prof][p]._errors = ss.flatMap((s) => s.consoleErrors);
        results[prof][p]._failed = ss.flatMap((s) => s.failedRequests);
        results[prof][p]._resources = ss.at(-1)?.resources;
      }
    }
    const { text, failures } = report(a, info, results, pages);
    console.log('\n' + text);
    fs.writeFileSync(path.join(a.dist, 'bench-results.json'), JSON.stringify({ info, samples }, null, 1));
    if (a.write) {
      let notes = `${NOTES_MARKER}\n\n## Notes\n\n(Hand-written observations go here; the script keeps this section.)\n`;
      if (fs.existsSync(a.out)) {
        const old = fs.readFileSync(a.out, 'utf8');
        const i = old.indexOf(NOTES_MARKER);
        if (i >= 0) notes = old.slice(i);
      }
      fs.mkdirSync(path.dirname(a.out), { recursive: true });
      fs.writeFileSync(a.out, `${text}\n${notes}`);
      console.log(`bench: wrote ${path.relative(ROOT, a.out)} and ${path.relative(ROOT, path.join(a.dist, 'bench-results.json'))}`);
    }
    if (a.strict && failures.length) {
      console.error(`bench: ${failures.length} budget(s) over`);
      process.exitCode = 1;
    }
  } finally {
    if (browser) await browser.close();
    server.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
