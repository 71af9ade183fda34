// Prerenders a built page's first screen (docs/PRERENDER.md): `node .ci/prerender.mjs DIST PAGE…`
//
// Opens DIST/PAGE in headless Chromium exactly as a resident would (the page's own
// data-definition-url, data-config, language), waits until the widget is ready, and writes the
// widget's first screen back into PAGE as plain HTML, inside `#yehua`. A resident then sees and
// can fill the first questions as soon as the HTML and the CSS have arrived; when the wasm has
// started it replays what was typed or chosen onto the live form and removes the copy
// (src/web/prerender.rs). Run it again whenever the definition changes.
//
// Files are served from DIST through Playwright's request routing: no server, no network. A
// definition or config outside DIST cannot be prerendered (the script says so and fails).
// Build tooling: it never ships to residents.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('@playwright/test');

const ORIGIN = 'http://127.0.0.1:9';
const START = '<!-- yehua:prerendered (.ci/prerender.mjs) -->';
const END = '<!-- /yehua:prerendered -->';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

/** The page's HTML without an earlier prerendered copy. */
export function withoutPrerender(html) {
  const a = html.indexOf(START);
  const b = html.indexOf(END);
  return a >= 0 && b > a ? html.slice(0, a) + html.slice(b + END.length) : html;
}

/** `html` with `snapshot` placed first inside the element with id="yehua". */
export function withPrerender(html, snapshot) {
  const clean = withoutPrerender(html);
  const m = /<[a-z]+\b[^>]*\sid="yehua"[^>]*>/i.exec(clean);
  if (!m) throw new Error('no element with id="yehua" in the page');
  const at = m.index + m[0].length;
  return clean.slice(0, at) + START + snapshot + END + clean.slice(at);
}

// Runs inside the page: the live widget's first screen as static HTML. Current values become
// attributes (checked, selected, value) and each control remembers its initial state in
// data-yh-initial, so the live form can tell what the resident changed. Buttons are disabled:
// they do nothing before the wasm runs.
function snapshot() {
  const live = document.querySelector('#yehua > .yh-root');
  const copy = live.cloneNode(true);
  const from = live.querySelectorAll('input, textarea, select');
  const to = copy.querySelectorAll('input, textarea, select');
  from.forEach((el, i) => {
    const c = to[i];
    if (el.type === 'radio' || el.type === 'checkbox') {
      c.toggleAttribute('checked', el.checked);
      // Its own radio groups: checking a live button must not uncheck the copy's, or back.
      if (c.name) c.name = `yh-prerendered-${c.name}`;
      c.setAttribute('data-yh-initial', el.checked ? 'on' : '');
    } else if (el.tagName === 'SELECT') {
      [...c.options].forEach((o, j) => o.toggleAttribute('selected', el.options[j].selected));
      c.setAttribute('data-yh-initial', el.value);
    } else {
      if (el.tagName === 'TEXTAREA') c.textContent = el.value;
      else c.setAttribute('value', el.value);
      c.setAttribute('data-yh-initial', el.value);
    }
  });
  copy.querySelectorAll('button').forEach((b) => b.setAttribute('disabled', ''));
  // What it was made for: yehua-start.js drops the copy when the page's settings differ now.
  const mount = document.getElementById('yehua');
  const settings = [...mount.attributes].filter((a) => a.name.startsWith('data-'));
  copy.setAttribute('data-yehua-for', settings.map((a) => `${a.name}=${a.value}`).sort().join('\n'));
  copy.setAttribute('data-yehua-state', 'prerendered');
  copy.setAttribute('data-yehua-prerendered', '');
  copy.removeAttribute('style'); // set through the CSSOM by the widget; a strict CSP refuses it in HTML
  copy.querySelectorAll('[style]').forEach((e) => e.removeAttribute('style'));
  return copy.outerHTML;
}

/** Prerenders DIST/PAGE in place with `browser` (a Playwright Chromium); returns the copy's length. */
export async function prerender(browser, dist, page) {
  const file = path.join(dist, page);
  const html = withoutPrerender(fs.readFileSync(file, 'utf8'));
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const outside = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const local = url.origin === ORIGIN && path.resolve(dist, '.' + decodeURIComponent(url.pathname));
    if (local === file) {
      return route.fulfill({ status: 200, contentType: TYPES['.html'], body: html });
    }
    if (!local || !local.startsWith(path.resolve(dist) + path.sep) || !fs.existsSync(local)) {
      outside.push(url.href);
      return route.abort();
    }
    const type = TYPES[path.extname(local)] ?? 'application/octet-stream';
    return route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(local) });
  });
  const tab = await context.newPage();
  const problems = [];
  tab.on('pageerror', (e) => problems.push(String(e)));
  await tab.goto(`${ORIGIN}/${page}`);
  const state = await tab
    .waitForSelector('#yehua > .yh-root:not([data-yehua-state="loading"])', { timeout: 30_000 })
    .then((el) => el.getAttribute('data-yehua-state'));
  if (state === 'error') {
    const text = await tab.locator('#yehua').innerText();
    throw new Error(`${page}: the widget did not start (${text.trim()}); requests outside ${dist}: ${outside.join(', ') || 'none'}`);
  }
  if (problems.length) throw new Error(`${page}: ${problems.join('; ')}`);
  const copy = await tab.evaluate(snapshot);
  await context.close();
  fs.writeFileSync(file, withPrerender(html, copy));
  return copy.length;
}

async function main() {
  const [dist, ...pages] = process.argv.slice(2);
  if (!dist || pages.length === 0) {
    console.error('usage: node .ci/prerender.mjs DIST PAGE.html…   (PAGE relative to DIST)');
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    for (const page of pages) {
      const bytes = await prerender(browser, path.resolve(dist), page);
      console.log(`prerendered ${path.join(dist, page)}: first screen ${bytes} bytes of HTML`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`prerender: ${e.message}`);
    process.exit(1);
  });
}
