// The differential test: every definition of corpus/ walked by SurveyJS's own engine
// (surveyjs-walk.mjs) and by yehua-core (`yehua-walk`, check/src/bin/yehua-walk.rs) with each
// script, and what they did compared. Every departure must be listed in known-departures.json
// with its reason; the run fails on one that is not, on a listed one that no longer happens (so
// fixing a departure shrinks the list) and on an entry that says Yehua warns about it when no
// warning of Yehua's matches. README.md in this folder says how to read and update it.
//
//   node diff.mjs [--walker PATH] [--prune] [--docs FILE] [--verbose] [FILE...]
//
// --walker   the yehua-walk binary (default: target/debug/yehua-walk, built by the Makefile)
// --prune    rewrite known-departures.json without the entries that no longer happen
// --docs     write the summary table between the markers of FILE (docs/DEFINITIONS.md)
// --verbose  print each file's departures with both engines' view

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { walk } from './surveyjs-walk.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SCRIPTS = ['first', 'last', 'required'];
const KNOWN_FILE = path.join(HERE, 'known-departures.json');
const START = '<!-- surveyjs-differential:start -->';
const END = '<!-- surveyjs-differential:end -->';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const walker = option('--walker', path.join(ROOT, 'target/debug/yehua-walk'));
const docs = option('--docs', null);
const optionValues = new Set([walker, docs]);
let files = args.filter((a) => !a.startsWith('--') && !optionValues.has(a));
if (files.length === 0) {
  files = fs
    .readdirSync(path.join(HERE, 'corpus'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(HERE, 'corpus', f));
}

/** Numbers as text (Yehua's payload carries a number as the text the resident typed or the
 *  definition wrote: docs/DEFINITIONS.md), everything else as it is. */
function normalize(v) {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, normalize(v[k])]));
  }
  return v;
}

/** Where each question was shown (page names, in walk order) and where it was required. */
function shownWhere(result) {
  const visible = new Map();
  const required = new Map();
  for (const step of result.steps) {
    for (const q of step.visible) visible.set(q, [...(visible.get(q) || []), step.page]);
    for (const q of step.required) required.set(q, [...(required.get(q) || []), step.page]);
  }
  return { visible, required };
}

/** The departures of one walk, as stable keys: `script:what[:question]`. */
function departures(script, sj, yh) {
  if (sj.loaded !== yh.loaded) return ['load'];
  if (!sj.loaded) return [];
  const out = [];
  const pages = (r) => r.steps.map((s) => s.page).join(' > ');
  if (pages(sj) !== pages(yh)) out.push(`${script}:pages`);
  const a = shownWhere(sj);
  const b = shownWhere(yh);
  for (const q of new Set([...a.visible.keys(), ...b.visible.keys()])) {
    const va = JSON.stringify(a.visible.get(q) || []);
    const vb = JSON.stringify(b.visible.get(q) || []);
    if (va !== vb) out.push(`${script}:visible:${q}`);
    else if (JSON.stringify(a.required.get(q) || []) !== JSON.stringify(b.required.get(q) || [])) {
      out.push(`${script}:required:${q}`);
    }
  }
  const outcome = (r) => (r.outcome === 'completed' ? 'completed' : `blocked at ${r.blocked?.page}`);
  if (outcome(sj) !== outcome(yh)) out.push(`${script}:outcome`);
  const da = normalize(sj.data);
  const db = normalize(yh.data);
  for (const k of new Set([...Object.keys(da), ...Object.keys(db)])) {
    if (JSON.stringify(da[k]) !== JSON.stringify(db[k])) out.push(`${script}:data:${k}`);
  }
  return out;
}

function yehuaWalks(script) {
  const out = execFileSync(walker, ['--script', script, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const byFile = new Map();
  for (const line of out.trim().split('\n')) {
    const r = JSON.parse(line);
    byFile.set(path.resolve(r.file), r);
  }
  return byFile;
}

/** A listed key may hold `*` (any text): `*:data:total` is that question's data in every script. */
const keyMatches = (pattern, key) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(key);

// --- walk everything ---------------------------------------------------------------------------
const known = JSON.parse(fs.readFileSync(KNOWN_FILE, 'utf8'));
const results = new Map(); // file -> { departures: [...], sj: {script: r}, yh: {script: r} }
for (const script of SCRIPTS) {
  const yh = yehuaWalks(script);
  for (const file of files) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const sj = walk(json, script);
    const y = yh.get(path.resolve(file)) || { loaded: false, error: 'no answer from yehua-walk', steps: [], data: {} };
    const entry = results.get(file) || { departures: [], sj: {}, yh: {} };
    entry.sj[script] = sj;
    entry.yh[script] = y;
    for (const d of departures(script, sj, y)) if (!entry.departures.includes(d)) entry.departures.push(d);
    results.set(file, entry);
  }
}

// --- compare with the known departures ------------------------------------------------------
const failures = [];
const used = new Set(); // "index/pattern"
const classified = new Map(); // file -> Set of kinds
for (const [file, r] of results) {
  const name = path.basename(file);
  const entries = known.entries.filter((e) => e.file === name);
  const warnings = r.yh.first.warnings || [];
  for (const d of r.departures) {
    const entry = entries.find((e) => e.keys.some((k) => keyMatches(k, d)));
    if (!entry) {
      failures.push(`${name}: undocumented departure ${d} (add it to known-departures.json with its reason, or fix it)`);
      continue;
    }
    for (const k of entry.keys) if (keyMatches(k, d)) used.add(`${known.entries.indexOf(entry)}/${k}`);
    const seen = classified.get(name) || new Set();
    seen.add(entry.kind);
    classified.set(name, seen);
  }
  for (const e of entries) {
    if (e.kind === 'unsupported' && !warnings.some((w) => w.path.includes(e.warning ?? '\u0000'))) {
      failures.push(`${name}: known-departures.json says Yehua warns at '${e.warning}', but it gives no such warning`);
    }
  }
}
const stale = [];
known.entries.forEach((e, i) => {
  if (![...results.keys()].some((f) => path.basename(f) === e.file)) return;
  for (const k of e.keys) if (!used.has(`${i}/${k}`)) stale.push({ i, k, file: e.file });
});
for (const s of stale) {
  failures.push(`${s.file}: listed departure ${s.k} no longer happens (run node tests/surveyjs/diff.mjs --prune)`);
}

if (flag('--prune')) {
  const staleSet = new Set(stale.map((s) => `${s.i}/${s.k}`));
  known.entries = known.entries
    .map((e, i) => ({ ...e, keys: e.keys.filter((k) => !staleSet.has(`${i}/${k}`)) }))
    .filter((e) => e.keys.length > 0);
  fs.writeFileSync(KNOWN_FILE, JSON.stringify(known, null, 1) + '\n');
  console.log(`pruned ${stale.length} departures that no longer happen from known-departures.json`);
}

// --- report ----------------------------------------------------------------------------------
const count = (pred) => [...results.values()].filter(pred).length;
const summary = {
  files: results.size,
  loadedSurveyJs: count((r) => r.sj.first.loaded),
  loadedYehua: count((r) => r.yh.first.loaded),
  submittedSurveyJs: count((r) => r.sj.first.outcome === 'completed'),
  submittedYehua: count((r) => r.yh.first.outcome === 'completed'),
  withDeparture: count((r) => r.departures.length > 0),
  departures: [...results.values()].reduce((n, r) => n + r.departures.length, 0),
};
const kinds = { unsupported: 0, bug: 0 };
for (const set of classified.values()) {
  if (set.has('bug')) kinds.bug++;
  else kinds.unsupported++;
}

if (flag('--verbose')) {
  for (const [file, r] of results) {
    if (r.departures.length === 0) continue;
    console.log(`\n${path.basename(file)}: ${r.departures.join(', ')}`);
    for (const script of SCRIPTS) {
      console.log(`  ${script} surveyjs: ${JSON.stringify({ ...r.sj[script], warnings: undefined })}`);
      console.log(`  ${script} yehua:    ${JSON.stringify({ ...r.yh[script], warnings: undefined })}`);
    }
  }
}

const lines = [
  `| | SurveyJS (survey-core) | Yehua (yehua-core) |`,
  `| --- | --- | --- |`,
  `| files loaded | ${summary.loadedSurveyJs} of ${summary.files} | ${summary.loadedYehua} of ${summary.files} |`,
  `| files submitted (script \`first\`) | ${summary.submittedSurveyJs} | ${summary.submittedYehua} |`,
  ``,
  `Files with any departure: **${summary.withDeparture}** of ${summary.files} (${summary.departures} departures over the three scripts). ` +
    `Of these files, ${kinds.unsupported} depart only where Yehua warns of an unsupported feature; ` +
    `${kinds.bug} have a departure Yehua does not yet warn of (listed as \`bug\` in ` +
    `tests/surveyjs/known-departures.json, each with its reason).`,
];
const reasons = new Map(); // "kind\treason" -> { files: Set, departures: n }
for (const [file, r] of results) {
  for (const d of r.departures) {
    const entry = known.entries.find((e) => e.file === path.basename(file) && e.keys.some((k) => keyMatches(k, d)));
    if (!entry) continue;
    const key = `${entry.kind}\t${entry.reason}`;
    const slot = reasons.get(key) || { files: new Set(), departures: 0 };
    slot.files.add(file);
    slot.departures++;
    reasons.set(key, slot);
  }
}
lines.push('', '| kind | reason | files | departures |', '| --- | --- | --- | --- |');
for (const [key, slot] of [...reasons].sort((a, b) => b[1].files.size - a[1].files.size)) {
  const [kind, reason] = key.split('\t');
  const label = kind === 'unsupported' ? 'unsupported, warned' : 'bug, to fix';
  lines.push(`| ${label} | ${reason.replaceAll('|', '\\|')} | ${slot.files.size} | ${slot.departures} |`);
}
console.log(`\nSurveyJS differential: ${results.size} files, 3 scripts each`);
console.log(lines.join('\n'));

if (docs) {
  const text = fs.readFileSync(docs, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) {
    failures.push(`${docs}: no ${START} … ${END} markers`);
  } else {
    fs.writeFileSync(docs, `${text.slice(0, a + START.length)}\n${lines.join('\n')}\n${text.slice(b)}`);
    console.log(`wrote the summary into ${docs}`);
  }
}

if (failures.length > 0 && !flag('--prune')) {
  console.error(`\n${failures.length} problem(s):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
