#!/usr/bin/env node
// Outbox flush benchmark (a script, not a test; it never fails the build). `make bench-outbox`.
//
//   node tests/bench/outbox_flush.mjs [--dist dist-bench] [--count 1000] [--runs 3]
//        [--static-port 0] [--endpoint-port 0] [--no-write]      (0 = any free port)
//        [--out docs/BENCHMARKS.md] [--delivery docs/DELIVERY.md]
//
// What it measures: a device that comes back with COUNT submissions queued (e.g. a kiosk that
// was offline for a whole evening forum). For each run, in a fresh browser context:
//   1. writes COUNT valid pending outbox entries into localStorage, exactly as the widget
//      stores them (`yehua.outbox.<id>` → OutboxEntry::to_json, whose body is a
//      `yehua.submission/1` payload written like Submission::to_json; strings escaped like
//      core::json::write_string);
//   2. opens the built page with the endpoint configured (data-endpoint; set by an init
//      script, not page.route, so the endpoint's real CORS preflights take part);
//   3. times, from the navigation until the endpoint (tests/endpoint/server.py, OK mode) has
//      accepted all COUNT distinct Idempotency-Keys; checks none is missing or extra and that
//      the page marked every entry delivered.
// Reports total time, requests per second (POSTs; each also costs a preflight, Max-Age 0),
// time to the first POST, and storage per submission (key + value, UTF-8 bytes and UTF-16
// code units, which is what Chromium's localStorage quota counts), plus the quota measured in
// this Chromium and how many delivered submissions it holds.
//
// Writes a `## Outbox flush` section below the hand-written-notes marker of docs/BENCHMARKS.md
// (tests/bench/run.mjs keeps everything below that marker) and between the
// `<!-- outbox-flush:begin -->` / `<!-- outbox-flush:end -->` markers of docs/DELIVERY.md.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('@playwright/test');

const SERVER = path.join(ROOT, 'tests/endpoint/server.py');
const NOTES_MARKER = '<!-- bench:notes — everything below this line is hand-written and kept by tests/bench/run.mjs -->';
const SECTION = '## Outbox flush';
const DELIVERY_BEGIN = '<!-- outbox-flush:begin -->';
const DELIVERY_END = '<!-- outbox-flush:end -->';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

function parseArgs(argv) {
  const a = {
    dist: 'dist-bench', count: 1000, runs: Number(process.env.BENCH_RUNS ?? 3),
    staticPort: 0, endpointPort: 0, write: true,
    out: 'docs/BENCHMARKS.md', delivery: 'docs/DELIVERY.md', timeoutS: 600,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => argv[++i];
    if (k === '--dist') a.dist = next();
    else if (k === '--count') a.count = Number(next());
    else if (k === '--runs') a.runs = Number(next());
    else if (k === '--static-port') a.staticPort = Number(next());
    else if (k === '--endpoint-port') a.endpointPort = Number(next());
    else if (k === '--no-write') a.write = false;
    else if (k === '--out') a.out = next();
    else if (k === '--delivery') a.delivery = next();
    else if (k === '--timeout') a.timeoutS = Number(next());
    else throw new Error(`unknown argument ${k}`);
  }
  a.dist = path.resolve(ROOT, a.dist);
  a.out = path.resolve(ROOT, a.out);
  a.delivery = path.resolve(ROOT, a.delivery);
  return a;
}

// --- the stored format (core/src/json.rs write_string, core/src/outbox.rs to_json) --------

function rustString(s) {
  let out = '"';
  for (const c of s) {
    const n = c.codePointAt(0);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (n < 0x20 || c === '<' || c === '>' || c === '&' || n === 0x2028 || n === 0x2029)
      out += '\\u' + n.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

/** Compact JSON like core::json: object key order kept, numbers as given, strings escaped. */
function rustJson(v) {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return rustString(v);
  if (Array.isArray(v)) return `[${v.map(rustJson).join(',')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${rustString(k)}:${rustJson(x)}`).join(',')}}`;
}

const SUGGESTIONS = [
  '3 号楼前的路灯坏了两个星期，晚上老人出门不方便，希望尽快修好。',
  '希望社区食堂增加午餐的清淡菜品，周末也能开放。',
  '小区停车位太少，能不能把西门旁边的空地改成临时停车场？',
  '楼道里堆放杂物太多，存在消防隐患，建议定期清理。',
  '建议在活动中心开设老年人智能手机课程，每周一次。',
];

/** A yehua.submission/1 payload like one answered on the embedded consultation. */
function payload(id, i, createdAtMs) {
  const pick = (arr) => arr[i % arr.length];
  return {
    schema: 'yehua.submission/1',
    id,
    consultation: { id: 'heping-yehua-example', version: '1' },
    locale: 'zh-CN',
    createdAt: new Date(Math.floor(createdAtMs / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    createdAtMs,
    device: 'kiosk-1',
    answers: {
      grid: { value: pick(['grid_1', 'grid_2', 'grid_3', 'grid_4']) },
      age_group: { value: pick(['35-59', '60-74', '75+']) },
      needs: { value: ['elderly_care', 'community_canteen', 'elevator_retrofit'].slice(0, 1 + (i % 3)), intent: 'need' },
      needs_urgency: { value: String(1 + (i % 5)), intent: 'need' },
      volunteer: { value: i % 2 === 0, intent: 'skill' },
      skills: { value: ['repairs', 'tutoring'], intent: 'skill' },
      topic: { value: pick(['environment', 'traffic_parking', 'safety']), intent: 'suggestion' },
      suggestion: { value: pick(SUGGESTIONS), intent: 'suggestion' },
      consent_contact: { value: false },
    },
  };
}

/** `count` pending, due entries as the widget stores them: [key, value] pairs. */
function makeEntries(count, now) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const id = crypto.randomBytes(16).toString('hex');
    const created = now - (count - i) * 1000; // oldest first, one a second
    const body = rustJson(payload(id, i, created));
    const entry = rustJson({
      id,
      created_at_ms: created,
      content_type: 'application/json',
      body,
      attempts: 0,
      next_attempt_ms: created,
      state: 'pending',
    });
    out.push([`yehua.outbox.${id}`, entry]);
  }
  return out;
}

// --- servers ---------------------------------------------------------------------------------

async function waitHealth(base, timeoutMs = 15_000) {
  const t0 = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${base}/_control/health`)).ok) return;
    } catch {}
    if (Date.now() - t0 > timeoutMs) throw new Error(`${base} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port nobody listens on right now. */
async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** Starts server.py; resolves with [process, base URL] once IT (not some other process on the
 * port) listens: it prints "… on http://127.0.0.1:<port>/" after binding. */
function startServer(port, extra = []) {
  const proc = spawn('python3', [SERVER, '--port', String(port), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server.py on port ${port} did not start`)), 15_000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout.resume();
        resolve([proc, m[1]]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server.py on port ${port} exited (${code}); is the port in use?`));
    });
  });
}

async function stopServer(proc) {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

// --- one run ---------------------------------------------------------------------------------

async function run(browser, a, staticBase, endpointBase, n) {
  const prefix = `/bench-${n}`;
  const endpointUrl = `${endpointBase}${prefix}/submit`;
  await fetch(`${endpointBase}/_control/reset`, { method: 'POST', body: JSON.stringify({ prefix }) });
  const context = await browser.newContext();
  const page = await context.newPage();
  // 1. seed storage on the page's origin (any page of it will do)
  await page.goto(`${staticBase}/_control/health`);
  const entries = makeEntries(a.count, Date.now());
  await page.evaluate((pairs) => {
    localStorage.clear();
    for (const [k, v] of pairs) localStorage.setItem(k, v);
  }, entries);
  const storage = await page.evaluate(() => {
    let units = 0;
    let bytes = 0;
    const enc = new TextEncoder();
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      const v = localStorage.getItem(k);
      units += k.length + v.length;
      bytes += enc.encode(k).length + enc.encode(v).length;
    }
    return { count: localStorage.length, units, bytes };
  });
  const ids = new Set(entries.map(([k]) => k.slice('yehua.outbox.'.length)));
  // 2. open the widget with the endpoint configured (attributes set by an init script)
  await page.addInitScript((url) => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') document.getElementById('yehua')?.setAttribute('data-endpoint', url);
    });
  }, endpointUrl);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = Date.now();
  await page.goto(`${staticBase}/`);
  await page.locator('[data-yehua-state="ready"]').first().waitFor({ state: 'attached', timeout: 60_000 });
  const readyMs = Date.now() - t0;
  // 3. wait until the endpoint accepted every key (polling its records)
  let accepted = [];
  const deadline = Date.now() + a.timeoutS * 1000;
  for (;;) {
    const res = await fetch(`${endpointBase}/_control/submissions?prefix=${encodeURIComponent(prefix)}`);
    accepted = (await res.json()).submissions;
    if (accepted.length >= a.count) break;
    if (Date.now() > deadline) throw new Error(`run ${n}: only ${accepted.length}/${a.count} delivered after ${a.timeoutS} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const requests = (await (await fetch(`${endpointBase}/_control/requests?prefix=${encodeURIComponent(prefix)}`)).json()).requests;
  const posts = requests.filter((r) => r.method === 'POST');
  const preflights = requests.filter((r) => r.method === 'OPTIONS').length;
  const keys = new Set(posts.map((p) => p.idempotency_key));
  const missing = [...ids].filter((id) => !keys.has(id)).length;
  const extra = [...keys].filter((k) => !ids.has(k)).length;
  const firstPost = Math.min(...posts.map((p) => p.t * 1000));
  const lastAccepted = Math.max(...accepted.map((p) => p.t * 1000));
  // the page settles the last entry right after the last answer
  let pending = -1;
  for (let i = 0; i < 100; i++) {
    pending = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('yehua.outbox.') && JSON.parse(localStorage.getItem(k)).state !== 'delivered').length,
    );
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const after = await page.evaluate(() => {
    let units = 0;
    for (const k of Object.keys(localStorage).filter((k) => k.startsWith('yehua.outbox.'))) {
      units += k.length + localStorage.getItem(k).length;
    }
    return units;
  });
  await context.close();
  const totalMs = lastAccepted - t0;
  const sendMs = lastAccepted - firstPost;
  return {
    count: a.count,
    totalMs,
    readyMs,
    firstPostMs: Math.round(firstPost - t0),
    taskS: metrics.TaskDuration ?? NaN,
    scriptS: metrics.ScriptDuration ?? NaN,
    sendMs,
    postsPerS: (posts.length / sendMs) * 1000,
    deliveredPerS: (a.count / totalMs) * 1000,
    posts: posts.length,
    preflights,
    distinct: keys.size,
    duplicates: posts.filter((p) => p.outcome === 'replayed').length,
    missing,
    extra,
    pendingAfter: pending,
    storage,
    unitsAfter: after,
  };
}

/** The localStorage quota of this Chromium, in UTF-16 code units of key + value (one key). */
async function measureQuota(browser, staticBase) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${staticBase}/_control/health`);
  const units = await page.evaluate(() => {
    localStorage.clear();
    let lo = 0;
    let hi = 64 * 1024 * 1024;
    while (hi - lo > 1024) {
      const mid = Math.floor((lo + hi) / 2);
      try {
        localStorage.setItem('q', 'x'.repeat(mid));
        lo = mid;
      } catch {
        hi = mid;
      }
      localStorage.clear();
    }
    return lo + 1; // + the key
  });
  await context.close();
  return units;
}

// --- report ----------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs, digits = 0) => {
  const m = median(xs).toFixed(digits);
  if (xs.length < 2) return m;
  return `${m} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
};

function report(a, results, quota, machine) {
  const r0 = results[0];
  const perEntryBytes = r0.storage.bytes / r0.storage.count;
  const perEntryUnits = r0.storage.units / r0.storage.count;
  const fit = Math.floor(quota / perEntryUnits);
  const lines = [];
  lines.push(SECTION, '');
  lines.push(
    `Written by \`make bench-outbox\` (tests/bench/outbox_flush.mjs) on ${machine}; the script replaces this section.`,
    `${a.count} valid pending entries are put into localStorage, then the built page (\`${path.relative(ROOT, a.dist)}\`) is opened`,
    'with `data-endpoint` set; timed from the navigation until tests/endpoint/server.py (OK mode, one',
    'connection per request, a real CORS preflight before every POST) has accepted all of them.',
    `Median (min–max) of ${results.length} run(s).`,
    '',
    '| metric | value |',
    '|---|---:|',
    `| submissions queued | ${a.count} |`,
    `| total time, navigation → all ${a.count} accepted (s) | ${fmt(results.map((r) => r.totalMs / 1000), 1)} |`,
    `| page ready (ms) | ${fmt(results.map((r) => r.readyMs))} |`,
    `| navigation → first POST (ms) | ${fmt(results.map((r) => r.firstPostMs))} |`,
    `| first POST → last accepted (s) | ${fmt(results.map((r) => r.sendMs / 1000), 1)} |`,
    `| requests per second (POSTs, while sending) | ${fmt(results.map((r) => r.postsPerS), 1)} |`,
    `| page main thread busy during the flush (s; CDP TaskDuration) | ${fmt(results.map((r) => r.taskS), 1)} |`,
    `| of which script (s; CDP ScriptDuration) | ${fmt(results.map((r) => r.scriptS), 1)} |`,
    `| submissions delivered per second (overall) | ${fmt(results.map((r) => r.deliveredPerS), 1)} |`,
    `| POSTs / preflights / distinct keys / duplicates / missing / extra (run 1) | ${r0.posts} / ${r0.preflights} / ${r0.distinct} / ${r0.duplicates} / ${r0.missing} / ${r0.extra} |`,
    `| entries left pending on the page afterwards | ${results.map((r) => r.pendingAfter).join(', ')} |`,
    `| storage, all ${a.count} entries (key + value, UTF-8 bytes) | ${r0.storage.bytes.toLocaleString('en-US')} |`,
    `| storage per submission (UTF-8 bytes, average) | ${perEntryBytes.toFixed(0)} |`,
    `| storage per submission (UTF-16 code units, average; what the quota counts) | ${perEntryUnits.toFixed(0)} |`,
    `| after delivery (delivered entries keep their body), per submission (code units) | ${(r0.unitsAfter / r0.storage.count).toFixed(0)} |`,
    `| localStorage quota measured in this Chromium (code units) | ${quota.toLocaleString('en-US')} |`,
    `| submissions that fit (quota / per submission) | ≈ ${fit.toLocaleString('en-US')} |`,
    '',
  );
  return lines.join('\n');
}

function writeBenchmarks(file, section) {
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  let i = text.indexOf(NOTES_MARKER);
  if (i < 0) {
    text = `${text.trimEnd()}\n\n${NOTES_MARKER}\n`;
    i = text.indexOf(NOTES_MARKER);
  }
  const head = text.slice(0, i + NOTES_MARKER.length);
  let notes = text.slice(i + NOTES_MARKER.length);
  const start = notes.indexOf(`\n${SECTION}\n`);
  if (start >= 0) {
    // replace up to the next level-2 heading (or the end)
    const rest = notes.slice(start + 1 + SECTION.length);
    const m = /\n## /.exec(rest);
    const end = m ? start + 1 + SECTION.length + m.index + 1 : notes.length;
    notes = `${notes.slice(0, start + 1)}${section}\n${notes.slice(end)}`;
  } else {
    notes = `${notes.trimEnd()}\n\n${section}`;
  }
  fs.writeFileSync(file, `${head}${notes.endsWith('\n') ? notes : `${notes}\n`}`);
}

function writeDelivery(file, section) {
  if (!fs.existsSync(file)) return false;
  const text = fs.readFileSync(file, 'utf8');
  const b = text.indexOf(DELIVERY_BEGIN);
  const e = text.indexOf(DELIVERY_END);
  if (b < 0 || e < b) return false;
  const body = section.replace(`${SECTION}\n\n`, '');
  fs.writeFileSync(file, `${text.slice(0, b + DELIVERY_BEGIN.length)}\n${body}\n${text.slice(e)}`);
  return true;
}

// --- main ------------------------------------------------------------------------------------

async function main() {
  const a = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(a.dist, 'index.html'))) throw new Error(`${a.dist}/index.html missing: build first`);
  const servers = [];
  let browser;
  try {
    const [staticProc, staticBase] = await startServer(a.staticPort || (await freePort()), ['--static', a.dist]);
    servers.push(staticProc);
    const [endpointProc, endpointBase] = await startServer(a.endpointPort || (await freePort()));
    servers.push(endpointProc);
    await waitHealth(staticBase);
    await waitHealth(endpointBase);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const results = [];
    for (let n = 1; n <= a.runs; n++) {
      const r = await run(browser, a, staticBase, endpointBase, n);
      results.push(r);
      console.log(
        `run ${n}: ${r.count} delivered in ${(r.totalMs / 1000).toFixed(1)} s (ready ${r.readyMs} ms, first POST ${r.firstPostMs} ms, ` +
          `${r.postsPerS.toFixed(1)} POST/s, main thread ${r.taskS.toFixed(1)} s, script ${r.scriptS.toFixed(1)} s), posts=${r.posts} distinct=${r.distinct} duplicates=${r.duplicates} ` +
          `missing=${r.missing} extra=${r.extra} pending after=${r.pendingAfter}, storage ${r.storage.bytes} B`,
      );
    }
    const quota = await measureQuota(browser, staticBase);
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, Chromium ${browser.version()}, ${new Date().toISOString().slice(0, 10)}`;
    const section = report(a, results, quota, machine);
    console.log(`\n${section}`);
    if (a.write) {
      writeBenchmarks(a.out, section);
      console.log(`written: ${path.relative(ROOT, a.out)} (${SECTION}, below the notes marker)`);
      if (writeDelivery(a.delivery, section)) console.log(`written: ${path.relative(ROOT, a.delivery)} (between the outbox-flush markers)`);
      else console.log(`not written: ${path.relative(ROOT, a.delivery)} has no ${DELIVERY_BEGIN} … ${DELIVERY_END} markers`);
    }
  } finally {
    await browser?.close();
    for (const s of servers) await stopServer(s);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
