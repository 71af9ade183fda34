// Embedding Yehua in someone else's page (docs/EMBEDDING.md): the <yehua-feedback> custom
// element (shadow root), the auto-height iframe and the standalone page; under a hostile host
// stylesheet, under a strict Content Security Policy, and with markup in the definition.
//
// Host pages are tests/e2e/fixtures/embed/*, served per test by the static server itself
// (POST /_control/file under the test's own prefix, with a real Content-Security-Policy header
// where a test asks for one). No page.route: the CSP, CORS and origins are the real ones.
// Run: cd tests/e2e && npx playwright test embed   (against the release build in dist-e2e)
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { APIRequestContext, Frame, Locator, Page } from '@playwright/test';
import { test, expect, STATIC_URL, setMountAttributes, clearSiteFiles, recordRequests, type Endpoint } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures/embed');
const READY = '[data-yehua-state="ready"]';
const SUBMITTED = '[data-yehua-state="submitted"]';
const SUBMIT = '.yh-nav .yh-button-primary';

/** The strict policy of the brief, with the endpoint's origin as the only other connection. */
function strictCsp(endpoint: Endpoint): string {
  const origin = new URL(endpoint.url).origin;
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${origin}`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

async function serveFile(
  request: APIRequestContext,
  urlPath: string,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const res = await request.post(`${STATIC_URL}/_control/file`, {
    data: { path: urlPath, body, content_type: contentType, headers },
  });
  if (!res.ok()) throw new Error(`serving ${urlPath}: ${res.status()} ${await res.text()}`);
}

/** Where a test's host site lives: `<prefix>/embed/`, holding every fixture file. */
interface Site {
  base: string;
  endpoint: Endpoint;
  csp: string | null;
  /** A served copy of the built index.html with `#yehua`'s data-* set (the standalone page). */
  standalone(name: string, attrs: Record<string, string>): Promise<string>;
  /** Serve `body` as `name` on the site (HTML gets the site's CSP). */
  add(name: string, body: string): Promise<string>;
}

async function serveSite(
  request: APIRequestContext,
  endpoint: Endpoint,
  opts: { csp?: boolean; vars?: Record<string, string> } = {},
): Promise<Site> {
  const base = `${endpoint.prefix}/embed/`;
  const csp = opts.csp ? strictCsp(endpoint) : null;
  const vars: Record<string, string> = { ENDPOINT: endpoint.url, PREFIX: `${endpoint.prefix}/embed`, ...opts.vars };
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (m, k) => vars[k] ?? m);
  const add = async (name: string, body: string) => {
    const type = TYPES[path.extname(name)] ?? 'text/plain; charset=utf-8';
    const headers: Record<string, string> = csp && name.endsWith('.html') ? { 'Content-Security-Policy': csp } : {};
    await serveFile(request, base + name, fill(body), type, headers);
    return base + name;
  };
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  for (const file of walk(FIXTURES)) {
    await add(path.relative(FIXTURES, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf-8'));
  }
  const index = await (await request.get(`${STATIC_URL}/`)).text();
  return {
    base,
    endpoint,
    csp,
    add,
    standalone: (name, attrs) => add(name, setMountAttributes(index, attrs)),
  };
}

/** Every Content-Security-Policy violation in every frame, recorded before any page script. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as any;
    w.__violations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
  });
}

async function violations(frame: Page | Frame): Promise<string[]> {
  return frame.evaluate(() => (window as any).__violations ?? ['(no recorder)']);
}

/** Proves the recorder works on this page: one inline script and one style attribute must be
 *  reported under the strict policy. Returns the number of violations they added. */
async function controlViolations(frame: Page | Frame): Promise<number> {
  const before = (await violations(frame)).length;
  await frame.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
    document.body.setAttribute('style', 'outline: 1px solid red');
  });
  await expect.poll(async () => (await violations(frame)).length).toBe(before + 2);
  expect(await frame.evaluate(() => (window as any).__inlineRan)).toBeUndefined();
  return 2;
}

type Scope = { locator(selector: string): Locator };

/** Answers consultation A (defs/a.json) in `w` and submits it. */
async function submitA(w: Scope, note: string): Promise<string> {
  await expect(w.locator(READY)).toBeAttached({ timeout: 15_000 });
  await w.locator('[data-name="a_note"] input').fill(note);
  await w.locator('[data-name="a_clean"] input[value="yes"]').check();
  await w.locator(SUBMIT).click();
  await expect(w.locator(SUBMITTED)).toBeAttached();
  return (await w.locator('.yh-receipt-code').textContent())!.trim();
}

const STYLE_PROPS = [
  'font-size', 'font-family', 'font-weight', 'font-style', 'line-height', 'letter-spacing',
  'word-spacing', 'text-transform', 'text-align', 'text-indent', 'text-shadow', 'white-space',
  'color', 'background-color', 'display', 'visibility', 'cursor', 'box-sizing', 'width', 'height',
  'padding-top', 'padding-left', 'margin-top', 'margin-bottom', 'border-top-width',
  'border-top-style', 'border-top-color', 'border-top-left-radius', 'outline-style', 'outline-width',
];

async function styles(el: Locator): Promise<Record<string, string>> {
  return el.evaluate((node, props) => {
    const cs = getComputedStyle(node);
    return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
  }, STYLE_PROPS);
}

/** The widget's key elements: its root, the title, a text input and the submit button. */
const KEY_ELEMENTS = ['.yh-root', '.yh-title', '[data-name="a_note"] input', SUBMIT];
/** The host page's own elements, some wearing the widget's class names. */
const HOST_ELEMENTS = ['html', 'body', '#host-title', '#host-text', '#host-button', '#host-input', '#host-after'];

test.afterEach(async ({ request, endpoint }) => {
  await clearSiteFiles(request, endpoint.prefix);
});

test('the built index.html has no inline script, style attribute or event handler', async ({ request }) => {
  const html = await (await request.get(`${STATIC_URL}/`)).text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\ssrc="/);
    expect(body.trim()).toBe('');
  }
  expect(html).not.toMatch(/\sstyle\s*=/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/<style\b/i);
  const app = await (await request.get(`${STATIC_URL}/yehua-app.js`)).text();
  expect(app).toMatch(/export const wasm = new URL\('\.\/yehua-[0-9a-f]+_bg\.wasm'/);
  expect(app).toMatch(/export const css = new URL\('\.\/yehua-[0-9a-f]+\.css'/);
  // The stylesheet is shadow-root-safe (.ci/trunk_hook.py): no rem outside media queries,
  // and the base defaults yield to the public --yehua-* theme properties.
  const cssName = /export const css = new URL\('\.\/([^']+)'/.exec(app)![1];
  const css = await (await request.get(`${STATIC_URL}/${cssName}`)).text();
  const declarations = css.replace(/@media[^{]*/g, '').replaceAll('var(--yh-rem, 1rem)', '');
  expect(declarations).not.toMatch(/\drem\b/);
  expect(css).toMatch(/--yh-accent:\s*var\(--yehua-accent,\s*#b3261e\)/);
});

test('a hostile host page changes nothing in the widget, and the widget nothing in the page', async ({
  page,
  request,
  endpoint,
  consoleErrors,
}, testInfo) => {
  const site = await serveSite(request, endpoint);

  // The standalone page with the same consultation: the reference look.
  await page.goto(await site.standalone('standalone.html', { 'definition-url': `${site.base}defs/a.json` }));
  const standalone = page.locator('#yehua');
  await expect(standalone.locator(READY)).toBeAttached();
  const reference = await Promise.all(KEY_ELEMENTS.map((s) => styles(standalone.locator(s))));

  // The hostile page without the widget: the host's own look.
  const bare = fs.readFileSync(path.join(FIXTURES, 'hostile.html'), 'utf-8').replace(/<script[^>]*yehua-embed[^>]*><\/script>/, '');
  await page.goto(await site.add('hostile-bare.html', bare));
  const hostReference = await Promise.all(HOST_ELEMENTS.map((s) => styles(page.locator(s))));
  const hostSheets = await page.evaluate(() => document.styleSheets.length);

  // The hostile page with the widget.
  await page.goto(`${site.base}hostile.html`);
  const widget = page.locator('#widget');
  await expect(widget.locator(READY)).toBeAttached();
  const embedded = await Promise.all(KEY_ELEMENTS.map((s) => styles(widget.locator(s))));
  for (let i = 0; i < KEY_ELEMENTS.length; i++) {
    expect(embedded[i], `computed style of ${KEY_ELEMENTS[i]} in the hostile page`).toEqual(reference[i]);
  }
  await expect(widget.locator(SUBMIT)).toBeVisible();
  // The host's hostile rules stay the host's: its own button is still hidden, the widget's not.
  await expect(page.locator('#host-button')).toBeHidden();
  const host = await Promise.all(HOST_ELEMENTS.map((s) => styles(page.locator(s))));
  for (let i = 0; i < HOST_ELEMENTS.length; i++) {
    if (HOST_ELEMENTS[i] === 'html' || HOST_ELEMENTS[i] === 'body') {
      delete host[i].height; // they hold the widget now
      delete hostReference[i].height;
    }
    expect(host[i], `computed style of the host's ${HOST_ELEMENTS[i]}`).toEqual(hostReference[i]);
  }
  expect(await page.evaluate(() => document.styleSheets.length)).toBe(hostSheets);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(await page.evaluate(() => document.title)).toBe('A hostile host page');
  expect(await page.evaluate(() => [...document.body.children].map((e) => e.id))).toEqual([
    'host-title', 'host-text', 'host-button', 'host-input', 'widget', 'host-after',
  ]);

  const shot = testInfo.outputPath('hostile-host.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('hostile host page with the widget', { path: shot, contentType: 'image/png' });

  const code = await submitA(widget, '楼道灯坏了');
  expect(code).toMatch(/\S/);
  const [post] = await endpoint.waitForSubmissions(1);
  expect(post.json.consultation.id).toBe('embed-a');
  expect(consoleErrors).toEqual([]);
});

test.describe('under a strict CSP', () => {
  test('the custom element submits with zero violations', async ({ page, request, endpoint, consoleErrors }) => {
    const site = await serveSite(request, endpoint, { csp: true });
    await recordViolations(page);
    const response = await page.goto(`${site.base}hostile.html`);
    expect(response?.headers()['content-security-policy']).toBe(site.csp);
    const widget = page.locator('#widget');
    await submitA(widget, '在严格的内容安全策略下提交');
    const [post] = await endpoint.waitForSubmissions(1);
    expect(post.json.consultation.id).toBe('embed-a');
    await expect(widget.locator('.yh-receipt-status')).toBeVisible();
    expect(await violations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await controlViolations(page);
  });

  test('the standalone page submits with zero violations', async ({ page, request, endpoint, consoleErrors }) => {
    const site = await serveSite(request, endpoint, { csp: true });
    await recordViolations(page);
    const url = await site.standalone('standalone.html', {
      'definition-url': `${site.base}defs/a.json`,
      endpoint: endpoint.url,
    });
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toBe(site.csp);
    await submitA(page.locator('#yehua'), '独立页面');
    await endpoint.waitForSubmissions(1);
    expect(await violations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await controlViolations(page);
  });

  test("organizers' markup (the XSS corpus of html elements and completedHtml) shows with zero violations", async ({
    page,
    request,
    endpoint,
    consoleErrors,
  }) => {
    const site = await serveSite(request, endpoint, { csp: true });
    const corpus: { html: string }[] = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../core/tests/fixtures/html_corpus.json'), 'utf8'),
    );
    const definition = {
      consultation: { id: 'embed-corpus', version: '1' },
      completedHtml: '<p>谢谢 <a href="https://example.org/">链接</a></p>' + corpus.map((c) => c.html).join(''),
      elements: [
        ...corpus.map((c, i) => ({ type: 'html', name: `c${i}`, html: c.html })),
        { type: 'text', name: 't', title: '问题' },
      ],
    };
    await site.add('defs/corpus.json', JSON.stringify(definition));
    await site.add(
      'corpus.html',
      fs
        .readFileSync(path.join(FIXTURES, 'xss.html'), 'utf8')
        .replace('defs/xss.json', 'defs/corpus.json')
        .replace(/\sdevice="[^"]*"/, ''),
    );
    await recordViolations(page);
    for (const [url, w] of [
      [await site.standalone('corpus-standalone.html', { 'definition-url': `${site.base}defs/corpus.json`, endpoint: endpoint.url }), page.locator('#yehua')],
      [`${site.base}corpus.html`, page.locator('#widget')],
    ] as const) {
      const response = await page.goto(url);
      expect(response?.headers()['content-security-policy']).toBe(site.csp);
      await expect(w.locator('.yh-note')).toHaveCount(corpus.length);
      await expect(w.locator('.yh-note a[href="https://example.org/yehua"]')).toHaveCount(1);
      await w.locator(SUBMIT).click();
      await expect(w.locator(SUBMITTED)).toBeAttached();
      await expect(w.locator('.yh-completed a[href="https://example.org/"]')).toHaveCount(1);
      expect(await violations(page), url).toEqual([]);
    }
    expect(consoleErrors).toEqual([]);
    await controlViolations(page);
  });

  test('the iframe and its host page submit with zero violations', async ({ page, request, endpoint, consoleErrors }) => {
    const site = await serveSite(request, endpoint, { csp: true, vars: { FRAME_SRC: 'framed.html' } });
    await site.standalone('framed.html', { 'definition-url': `${site.base}defs/a.json`, endpoint: endpoint.url });
    await recordViolations(page);
    await page.goto(`${site.base}frame.html`);
    await submitA(page.frameLocator('#frame'), '框架内提交');
    await endpoint.waitForSubmissions(1);
    const frame = page.frame({ url: /framed\.html/ })!;
    expect(await violations(page)).toEqual([]);
    expect(await violations(frame)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await controlViolations(frame);
  });
});

test('the iframe follows its content up and down and relays the widget events', async ({
  page,
  request,
  endpoint,
  consoleErrors,
}) => {
  const site = await serveSite(request, endpoint, { vars: { FRAME_SRC: 'framed.html' } });
  await site.standalone('framed.html', { 'definition-url': `${site.base}defs/long.json`, endpoint: endpoint.url });
  await page.addInitScript(() => {
    const w = window as any;
    w.__events = [];
    for (const type of ['yehua:ready', 'yehua:submitted', 'yehua:error']) {
      document.addEventListener(type, (e) =>
        w.__events.push({ type, detail: (e as CustomEvent).detail, target: (e.target as Element).id }),
      );
    }
  });
  await page.goto(`${site.base}frame.html`);
  const iframe = page.locator('#frame');
  const inner = page.frameLocator('#frame');
  await expect(inner.locator(READY)).toBeAttached();
  const frame = page.frame({ url: /framed\.html/ })!;
  const contentHeight = () => frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  const frameHeight = () => iframe.evaluate((el) => Math.round(el.getBoundingClientRect().height));

  // The long page: the iframe grows to all of it, no inner scrolling.
  await expect.poll(frameHeight).toBeGreaterThan(1500);
  expect(await frameHeight()).toBe(await contentHeight());
  expect(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
  const long = await frameHeight();

  // The short receipt: it shrinks.
  await inner.locator('[data-name="q1"] textarea').fill('长页面，短回执');
  await inner.locator(SUBMIT).click();
  await expect(inner.locator(SUBMITTED)).toBeAttached();
  await expect.poll(frameHeight).toBeLessThan(long / 2);
  await expect.poll(async () => (await frameHeight()) - (await contentHeight())).toBe(0);

  // The relayed events, on the iframe element, with the receipt code.
  const code = (await inner.locator('.yh-receipt-code').textContent())!.trim();
  await expect.poll(() => page.evaluate(() => (window as any).__events)).toEqual([
    { type: 'yehua:ready', detail: '', target: 'frame' },
    { type: 'yehua:submitted', detail: code, target: 'frame' },
  ]);

  // Forged messages from anything but the iframe's own window are ignored.
  const short = await frameHeight();
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        addEventListener('message', function seen(e) {
          if (e.data && e.data.forged) {
            removeEventListener('message', seen);
            resolve();
          }
        });
        postMessage({ type: 'yehua:height', height: 3, forged: true }, '*');
        postMessage({ type: 'yehua:submitted', detail: 'FORGED', forged: true }, '*');
      }),
  );
  expect(await frameHeight()).toBe(short);
  expect(await page.evaluate(() => (window as any).__events.length)).toBe(2);

  // Back to the long page: it grows again.
  await inner.locator('.yh-receipt .yh-button-primary').click();
  await expect(inner.locator(READY)).toBeAttached();
  await expect.poll(frameHeight).toBeGreaterThan(long * 0.9);
  await expect.poll(async () => (await frameHeight()) - (await contentHeight())).toBe(0);
  await endpoint.waitForSubmissions(1);
  expect(consoleErrors).toEqual([]);
});

test('two elements with different consultations on one page submit independently', async ({
  page,
  request,
  endpoint,
  consoleErrors,
}) => {
  const site = await serveSite(request, endpoint);
  await page.goto(`${site.base}two.html`);
  const a = page.locator('yehua-feedback#a');
  const b = page.locator('yehua-feedback#b');
  await expect(a.locator(READY)).toBeAttached();
  await expect(b.locator(READY)).toBeAttached();
  await expect(a.locator('.yh-title')).toHaveText('甲 · 楼道环境小调查');
  await expect(b.locator('.yh-title')).toHaveText('B · Parking');
  // Each in its own shadow root, with its own language; the page's <html lang> untouched.
  await expect(a.locator('.yh-root')).toHaveAttribute('lang', 'zh-CN');
  await expect(b.locator('.yh-root')).toHaveAttribute('lang', 'en');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

  // Typing in B leaves A alone (Yew's event delegation stays inside each root).
  await b.locator('[data-name="b_parking"] textarea').fill('晚上没有车位');
  await expect(a.locator('[data-name="a_note"] input')).toHaveValue('');
  const codeA = await submitA(a, '甲的意见');
  await expect(b.locator(READY)).toBeAttached();
  await expect(b.locator('[data-name="b_parking"] textarea')).toHaveValue('晚上没有车位');
  await b.locator(SUBMIT).click();
  await expect(b.locator(SUBMITTED)).toBeAttached();
  const codeB = (await b.locator('.yh-receipt-code').textContent())!.trim();
  expect(codeA).not.toBe(codeB);

  const posts = await endpoint.waitForSubmissions(2);
  const byId = Object.fromEntries(posts.map((p) => [p.json.consultation.id, p.json]));
  expect(Object.keys(byId).sort()).toEqual(['embed-a', 'embed-b']);
  expect(JSON.stringify(byId['embed-a'])).toContain('甲的意见');
  expect(JSON.stringify(byId['embed-b'])).toContain('晚上没有车位');
  expect(JSON.stringify(byId['embed-a'])).not.toContain('晚上没有车位');

  const outbox = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('yehua.outbox.'))
      .map((k) => JSON.parse(localStorage.getItem(k)!)),
  );
  const consultations = outbox.map((e) => JSON.parse(e.body).consultation.id).sort();
  expect(consultations).toEqual(['embed-a', 'embed-b']);
  expect(consoleErrors).toEqual([]);
});

test('inside the element: summary links focus the field, attributes re-mount, removal unmounts', async ({
  page,
  request,
  endpoint,
  consoleErrors,
}) => {
  const site = await serveSite(request, endpoint);
  await page.goto(`${site.base}lifecycle.html`);
  const w = page.locator('#widget');
  await expect(w.locator(READY)).toBeAttached();
  await w.locator(SUBMIT).click();
  const link = w.locator('.yh-summary a');
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(w.locator('[data-name="must"] input')).toBeFocused();
  expect(await page.evaluate(() => location.hash)).toBe('');

  await w.evaluate((el) => el.setAttribute('locale', 'en'));
  await expect(w.locator('.yh-title')).toHaveText('A required question');
  await expect(w.locator('.yh-root')).toHaveCount(1);

  await w.evaluate((el) => el.remove());
  await expect(page.locator('.yh-root')).toHaveCount(0);
  await page.evaluate(() => {
    const again = document.createElement('yehua-feedback');
    again.id = 'again';
    again.setAttribute('definition-url', 'defs/a.json');
    document.body.append(again);
  });
  await expect(page.locator(`#again ${READY}`)).toBeAttached();
  expect(consoleErrors).toEqual([]);
});

test('without a definition, the element shows the default consultation from beside its loader', async ({
  page,
  request,
  endpoint,
  consoleErrors,
}) => {
  const site = await serveSite(request, endpoint);
  const requests = recordRequests(page);
  await page.goto(`${site.base}default.html`);
  const w = page.locator('#widget');
  await expect(w.locator(READY)).toBeAttached();
  await expect(w.locator('.yh-title')).toHaveText('夜话 · 问需 问技 问策');
  // consultation.json lives next to yehua-embed.js and the wasm, not next to the host page
  expect(requests.filter((u) => u.endsWith('consultation.json'))).toEqual([`${STATIC_URL}/consultation.json`]);
  expect(consoleErrors).toEqual([]);
});

test('the element fetches its definition, module, wasm and stylesheet side by side, the definition once', async ({
  page,
  request,
  endpoint,
  consoleErrors,
}) => {
  const site = await serveSite(request, endpoint);
  const url = await site.add(
    'parallel.html',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Side by side</title>' +
      '<link rel="icon" href="icon.svg" type="image/svg+xml"></head><body>' +
      // the documented snippet, pasted into the body as a CMS would
      '<link rel="modulepreload" href="/yehua-app.js"><script src="/yehua-embed.js" async></script>' +
      '<yehua-feedback id="widget" definition-url="defs/a.json"></yehua-feedback></body></html>',
  );
  // The wasm-bindgen module is held until everything else was asked for: the wasm, the
  // stylesheet and the definition must not wait for it (on a slow link each wait is a round trip).
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route(/\/yehua-[0-9a-f]+\.js$/, async (route) => {
    await gate;
    await route.continue();
  });
  const requests = recordRequests(page);
  await page.goto(url);
  const asked = (pattern: RegExp) => requests.some((u) => pattern.test(new URL(u).pathname));
  await expect
    .poll(() => [/\/defs\/a\.json$/, /\/yehua-[0-9a-f]+\.js$/, /\/yehua-[0-9a-f]+_bg\.wasm$/, /\/yehua-[0-9a-f]+\.css$/].map(asked))
    .toEqual([true, true, true, true]);
  // Meanwhile the element says that it is loading (not an empty box), in both languages.
  const w = page.locator('#widget');
  const loading = w.locator('.yh-boot .yh-loading[role="status"]');
  await expect(loading).toBeVisible();
  await expect(loading).toContainText('正在加载');
  await expect(loading.locator('span[lang="en"]')).toHaveText('Loading, please wait…');
  release();
  await expect(w.locator(READY)).toBeAttached();
  await expect(w.locator('.yh-boot')).toHaveCount(0);
  await expect(w.locator('[data-name="a_note"] input')).toBeVisible();
  expect(requests.filter((u) => u.endsWith('/defs/a.json')), 'the widget took the loader\'s answer').toHaveLength(1);
  expect(consoleErrors).toEqual([]);
});

/** A host page with one element, whose wasm requests follow `wasm` (set it to change how). */
async function hostWithHeldWasm(page: Page, request: APIRequestContext, endpoint: Endpoint, wasm: { mode: 'fail' | 'stall' | 'pass' }) {
  const site = await serveSite(request, endpoint);
  const url = await site.add(
    'held-wasm.html',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Held wasm</title>' +
      '<link rel="icon" href="icon.svg" type="image/svg+xml"></head><body>' +
      '<script src="/yehua-embed.js" async></script>' +
      '<yehua-feedback id="widget" definition-url="defs/a.json"></yehua-feedback></body></html>',
  );
  await page.route(/\/yehua-[0-9a-f]+_bg\.wasm$/, (route) =>
    wasm.mode === 'fail' ? route.abort('connectionreset') : wasm.mode === 'pass' ? route.continue() : undefined,
  );
  await page.goto(url);
  return page.locator('#widget');
}

test('the element\'s wasm does not arrive: its message and 重试, not a loading line that never ends', async ({
  page,
  request,
  endpoint,
}) => {
  const wasm: { mode: 'fail' | 'stall' | 'pass' } = { mode: 'fail' };
  const w = await hostWithHeldWasm(page, request, endpoint, wasm);
  await expect(w.locator('.yh-crash[role="alert"]')).toContainText('意见征集暂时无法打开');
  await expect(w.locator('.yh-loading')).toHaveCount(0);
  wasm.mode = 'pass'; // the link is back: 重试 loads the page anew
  await w.getByRole('button', { name: /重试/ }).click();
  await expect(w.locator(READY)).toBeAttached();
  await expect(w.locator('.yh-boot')).toHaveCount(0);
});

test('the element\'s wasm stalls: after 20 s its loading line says so and offers 重试', async ({
  page,
  request,
  endpoint,
}) => {
  await page.clock.install();
  const w = await hostWithHeldWasm(page, request, endpoint, { mode: 'stall' });
  const line = w.locator('.yh-boot .yh-loading[role="status"]');
  await expect(line).toContainText('正在加载');
  await page.clock.fastForward(21_000);
  await expect(line).toContainText('网络较慢，仍在加载');
  await expect(w.locator('.yh-boot').getByRole('button', { name: /重试/ })).toBeVisible();
});

test.describe('a hostile host page', () => {
  test('page globals, a #yehua of its own and its query string: the element touches nothing outside its shadow root', async ({
    page,
    request,
    endpoint,
    consoleErrors,
  }) => {
    const site = await serveSite(request, endpoint);
    await page.addInitScript(() => {
      const w = window as any;
      w.__yehuaPrefetch = 'junk'; // a name the loaders once shared through window
      w.__globalsBefore = Object.getOwnPropertyNames(window);
    });
    await page.goto(`${site.base}intruder.html?lang=en&kiosk=1&view=board`);
    const w = page.locator('#widget');
    await expect(w.locator('.yh-title')).toHaveText('甲 · 楼道环境小调查');
    await submitA(w, 'hostile globals');
    await endpoint.waitForSubmissions(1);
    // The host's #yehua keeps its content, no second widget; <html lang> stays the host's.
    await expect(page.locator('#yehua')).toHaveText('Le contenu de la page hôte.');
    await expect(page.locator('#yehua .yh-root, #yehua .yh-crash')).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    // No global added or changed by the loader or the widget.
    const added = await page.evaluate(() => {
      const before = new Set((window as any).__globalsBefore as string[]);
      return Object.getOwnPropertyNames(window).filter((n) => !before.has(n) && n !== '__globalsBefore');
    });
    expect(added).toEqual([]);
    expect(await page.evaluate(() => (window as any).__yehuaPrefetch)).toBe('junk');
    await page.screenshot({ path: test.info().outputPath('hostile-globals.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  test('a host whose fetch throws: the element says so and sends yehua:error, never a loading line for ever', async ({
    page,
    request,
    endpoint,
    consoleErrors,
  }) => {
    const site = await serveSite(request, endpoint);
    await page.addInitScript(() => {
      window.fetch = () => {
        throw new TypeError('the host replaced fetch');
      };
      window.addEventListener('yehua:error', (e) => ((window as any).__yehuaError = (e as CustomEvent).detail));
    });
    await page.goto(`${site.base}lifecycle.html`);
    const w = page.locator('#widget');
    await expect(w.locator('.yh-crash[role="alert"]')).toContainText('意见征集暂时无法打开');
    await expect(w.locator('.yh-loading')).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).__yehuaError)).toContain('the host replaced fetch');
    consoleErrors.splice(0); // the loader's own report of the failure
  });

  test('a host that defined yehua-feedback itself: a console error naming the way out, and data-element-name works', async ({
    page,
    request,
    endpoint,
    consoleErrors,
  }) => {
    const site = await serveSite(request, endpoint);
    await page.addInitScript(() => customElements.define('yehua-feedback', class extends HTMLElement {}));
    // Without another name: nothing defined, and the console says why and what to do.
    await page.goto(`${site.base}lifecycle.html`);
    await expect.poll(() => consoleErrors.join('\n')).toContain('data-element-name');
    expect(consoleErrors.join('\n')).toContain('<yehua-feedback> is already defined');
    consoleErrors.splice(0);
    // Under the name the host chose, the element works beside the host's own.
    await page.goto(`${site.base}renamed.html`);
    const w = page.locator('#widget');
    await submitA(w, 'renamed');
    await endpoint.waitForSubmissions(1);
    await expect(page.locator('#theirs')).toHaveText("the host's own element");
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('the query string', () => {
  test('cannot set the endpoint or an unlisted definition; may pick a listed one', async ({
    page,
    request,
    endpoint,
    consoleErrors,
  }) => {
    const site = await serveSite(request, endpoint);
    const evil = endpoint.urlFor('/evil');
    const url = await site.standalone('standalone.html', { config: `${site.base}allow-config.json`, endpoint: endpoint.url });
    const q = (o: Record<string, string>) => `${url}?${new URLSearchParams(o)}`;

    // Endpoint and an unlisted definition in the query: ignored; the language is honoured.
    await page.goto(q({ endpoint: evil, 'data-endpoint': evil, 'definition-url': `${site.base}defs/evil.json`, lang: 'en' }));
    const w = page.locator('#yehua');
    await expect(w.locator('.yh-title')).toHaveText('A · Stairwell survey');
    await submitA(w, 'query');
    const [post] = await endpoint.waitForSubmissions(1);
    expect(post.path).toBe(`${endpoint.prefix}/submit`);
    expect((await endpoint.requests()).filter((r) => r.path.includes('/evil'))).toEqual([]);

    // A definition the embedder listed in allowDefinitionUrls: chosen.
    await page.goto(q({ 'definition-url': `${site.base}defs/b.json` }));
    await expect(w.locator('.yh-title')).toHaveText('乙 · 停车问题');
    expect(consoleErrors).toEqual([]);
  });

  test('of a host page is not the custom element’s at all', async ({ page, request, endpoint, consoleErrors }) => {
    const site = await serveSite(request, endpoint);
    const query = new URLSearchParams({
      endpoint: endpoint.urlFor('/evil'),
      'definition-url': `${site.base}defs/b.json`,
      lang: 'en',
    });
    await page.goto(`${site.base}hostile.html?${query}`);
    const widget = page.locator('#widget');
    await expect(widget.locator('.yh-title')).toHaveText('甲 · 楼道环境小调查');
    await submitA(widget, 'host query');
    const [post] = await endpoint.waitForSubmissions(1);
    expect(post.path).toBe(`${endpoint.prefix}/submit`);
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('markup in a definition is text', () => {
  const payloads = {
    title: `<img src=x onerror="window.__pwned='title'">标题`,
    session: `<b onmouseover="window.__pwned='session'">场次</b>`,
    description: `<svg onload="window.__pwned='description'"></svg>说明`,
    page: `<script>window.__pwned='page'</script>页面`,
    pageDescription: `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
    question: `<img src=x onerror="window.__pwned='question'">问题`,
    help: `<a href="javascript:window.__pwned='link'">链接</a>`,
    other: `<style>*{display:none}</style>选择`,
    choice: `<img src=x onerror="window.__pwned='choice'">甲`,
    completed: `<img src=x onerror="window.__pwned='completed'">谢谢`,
  };

  async function expectLiteral(page: Page, w: Locator, requests: string[]) {
    await expect(w.locator(READY)).toBeAttached();
    await expect(w.locator('.yh-title')).toHaveText(payloads.title);
    await expect(w.locator('.yh-session')).toContainText(payloads.session);
    await expect(w.locator('.yh-description')).toHaveText(payloads.description);
    await expect(w.locator('.yh-page-title')).toHaveText(payloads.page);
    await expect(w.locator('.yh-page-description')).toHaveText(payloads.pageDescription);
    await expect(w.locator('[data-name="t"]')).toContainText(payloads.question);
    await expect(w.locator('[data-name="t"]')).toContainText(payloads.help);
    await expect(w.locator('[data-name="r"]')).toContainText(payloads.other);
    await expect(w.locator('[data-name="r"]')).toContainText(payloads.choice);
    const injected = 'img[src="x"], script, iframe, style, b[onmouseover], svg[onload], a[href^="javascript"]';
    await expect(w.locator(injected)).toHaveCount(0);
    await w.locator('[data-name="r"]').getByText('<img', { exact: false }).click();
    await w.locator(SUBMIT).click();
    await expect(w.locator(SUBMITTED)).toBeAttached();
    // completedHtml is markup in the safe subset (tests/e2e/html.spec.ts): the img is left out.
    await expect(w.locator('.yh-completed')).toHaveText('谢谢');
    await expect(w.locator(injected)).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(requests.filter((u) => /\/x(\?|$)/.test(new URL(u).pathname))).toEqual([]);
  }

  test('in the custom element', async ({ page, request, endpoint, consoleErrors }) => {
    const site = await serveSite(request, endpoint);
    const requests = recordRequests(page);
    page.on('dialog', (d) => d.dismiss());
    await page.goto(`${site.base}xss.html`);
    await expectLiteral(page, page.locator('#widget'), requests);
    const [post] = await endpoint.waitForSubmissions(1);
    expect(post.json.device).toBe(`<img src=x onerror="window.__pwned='device'">`);
    expect(consoleErrors).toEqual([]);
  });

  test('on the standalone page', async ({ page, request, endpoint, consoleErrors }) => {
    const site = await serveSite(request, endpoint);
    const requests = recordRequests(page);
    page.on('dialog', (d) => d.dismiss());
    await page.goto(await site.standalone('standalone.html', { 'definition-url': `${site.base}defs/xss.json` }));
    await expectLiteral(page, page.locator('#yehua'), requests);
    expect(consoleErrors).toEqual([]);
  });
});

test('themes: host CSS and config replace the defaults; high contrast still wins', async ({
  page,
  request,
  endpoint,
  consoleErrors,
}) => {
  const site = await serveSite(request, endpoint);
  const requests = recordRequests(page);
  await page.goto(`${site.base}theme.html`);
  const button = (id: string) => page.locator(`#${id} ${SUBMIT}`);
  for (const id of ['by-host-css', 'by-attribute', 'by-config', 'plain']) {
    await expect(page.locator(`#${id} ${READY}`)).toBeAttached();
  }
  const css = (id: string, prop: string) =>
    button(id).evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);

  expect(await css('plain', 'background-color')).toBe('rgb(179, 38, 30)');
  expect(await css('by-host-css', 'background-color')).toBe('rgb(0, 102, 51)');
  expect(await css('by-host-css', 'border-top-left-radius')).toBe('0px');
  expect(await css('by-attribute', 'background-color')).toBe('rgb(0, 170, 85)');
  expect(await css('by-attribute', 'border-top-left-radius')).toBe('3px');
  expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
  const root = page.locator('#by-attribute .yh-root');
  expect(await root.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
  expect(await css('by-config', 'background-color')).toBe('rgb(18, 52, 86)');
  expect(await css('by-config', 'color')).toBe('rgb(255, 255, 0)');
  const size = (id: string) => page.locator(`#${id} .yh-root`).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await size('by-config')).toBeCloseTo((await size('plain')) * 1.25, 1);

  // The resident's high contrast beats the host's theme.
  await page.locator('#by-config .yh-toggle-contrast').click();
  await expect.poll(() => css('by-config', 'background-color')).toBe('rgb(255, 214, 10)');
  expect(await css('by-host-css', 'background-color')).toBe('rgb(0, 102, 51)');
  expect(consoleErrors).toEqual([]);
});
