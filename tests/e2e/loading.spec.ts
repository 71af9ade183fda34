// Loading: the start script fetches the definition (or, when the page names none, the default
// consultation.json) in parallel with the wasm, and the widget uses that answer instead of
// asking again (one request); a failed early fetch is retried by
// the widget itself (its own error message and Retry are covered by errors.spec.ts). A long
// page is ready with its first questions and builds the rest after the paints
// (core::layout::Building). Until the wasm has started, the page says that it is loading; if it
// cannot start, it says so and offers to try again (yehua-start.js).
import * as path from 'node:path';
import { expect, openWidget, serveJson, test, waitForReady } from './helpers';
import { SurveyPage } from './pages/survey';

const FIXTURE = path.join(__dirname, 'fixtures', 'valid-one-question.json');

test('the definition is fetched once: the start script\'s early answer is used', async ({ page }) => {
  const hits: number[] = [];
  await page.route(
    (url) => url.pathname === '/defs/early.json',
    (route) => {
      hits.push(Date.now());
      return route.fulfill({ path: FIXTURE, contentType: 'application/json; charset=utf-8' });
    },
  );
  await openWidget(page, { attrs: { 'definition-url': '/defs/early.json' } });
  await expect(page.locator('[data-name="street"]')).toBeVisible();
  expect(hits, 'one request for the definition').toHaveLength(1);
});

test('a failed early fetch: the widget fetches again itself and shows the survey', async ({ page }) => {
  let calls = 0;
  await page.route(
    (url) => url.pathname === '/defs/flaky.json',
    (route) => {
      calls += 1;
      return calls === 1
        ? route.fulfill({ status: 503, body: 'busy' })
        : route.fulfill({ path: FIXTURE, contentType: 'application/json; charset=utf-8' });
    },
  );
  await openWidget(page, { attrs: { 'definition-url': '/defs/flaky.json' } });
  await expect(page.locator('[data-name="street"]')).toBeVisible();
  expect(calls).toBe(2);
});

test('a page that names no definition: the start script fetches the default consultation, once', async ({ page }) => {
  // Who called fetch() for consultation.json (the stack names the script).
  await page.addInitScript(() => {
    const original = window.fetch;
    const calls: string[] = ((window as unknown as { __callers: string[] }).__callers = []);
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/consultation.json')) calls.push(new Error().stack ?? '');
      return original.call(this, input, init);
    };
  });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/consultation.json') requests.push(r.url());
  });
  await openWidget(page);
  await expect(page.locator('.yh-title')).toHaveText('夜话 · 问需 问技 问策');
  expect(requests, 'one request for consultation.json').toHaveLength(1);
  const callers = await page.evaluate(() => (window as unknown as { __callers: string[] }).__callers);
  expect(callers).toHaveLength(1);
  expect(callers[0]).toContain('yehua-start.js');
});

test('a long page is ready with its first ten questions, builds the rest, and all of it is submitted', async ({ page }) => {
  const elements = Array.from({ length: 45 }, (_, i) => ({ type: 'text', name: `q${i + 1}`, title: `第${i + 1}个问题` }));
  await serveJson(page, '/defs/long.json', { consultation: { id: 'long-e2e' }, pages: [{ name: 'p1', elements }] });
  // How many questions the page had when it turned ready (a MutationObserver: it sees the
  // attribute in the same task that set it, before any paint).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-yehua-state="ready"]')) return;
      (window as any).__questionsAtReady = document.querySelectorAll('.yh-question').length;
      observer.disconnect();
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await openWidget(page, { attrs: { 'definition-url': '/defs/long.json' } });
  expect(await page.evaluate(() => (window as any).__questionsAtReady)).toBe(10);
  await expect(page.locator('.yh-question')).toHaveCount(45);

  const survey = new SurveyPage(page);
  await survey.textbox('q45').fill('最后一个问题的回答');
  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  expect(stored.answers).toMatchObject({ q45: { value: '最后一个问题的回答' } });
});

test('before the wasm arrives the page says that it is loading, and the widget replaces that line', async ({ page }) => {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route(/_bg\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto('/');
  const loading = page.locator('#yehua > .yh-boot .yh-loading[role="status"]');
  await expect(loading).toBeVisible();
  await expect(loading).toContainText('正在加载');
  await expect(loading.locator('span[lang="en"]')).toHaveText('Loading, please wait…');
  release();
  await waitForReady(page);
  await expect(page.locator('#yehua .yh-boot')).toHaveCount(0);
  await expect(page.locator('#yehua .yh-loading')).toHaveCount(0);
});

test('the widget\'s files do not arrive: a message and a way to try again, not a blank page', async ({ page }) => {
  await page.addInitScript(() =>
    document.addEventListener('yehua:error', (e) => ((window as any).__yehuaError = (e as CustomEvent).detail)),
  );
  await page.route(/_bg\.wasm$/, (route) => route.abort('connectionreset'));
  await page.goto('/');
  const root = page.locator('#yehua[data-yehua-state="error"]');
  await expect(root.locator('.yh-crash[role="alert"]')).toContainText('意见征集暂时无法打开');
  await expect(page.locator('#yehua .yh-loading')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__yehuaError), 'the host hears yehua:error').toBeTruthy();
  // The link is back: "try again" loads the page anew, and the widget starts.
  await page.unroute(/_bg\.wasm$/);
  await root.getByRole('button', { name: /重试/ }).click();
  await waitForReady(page);
  await expect(page.locator('#yehua .yh-crash')).toHaveCount(0);
});

test('a download that stalls: after 20 s the loading line says so and offers to try again', async ({ page }) => {
  // The page's clock is Playwright's, so the 20 s pass at once; the wasm request never answers.
  await page.clock.install();
  let stalled = true;
  await page.route(/_bg\.wasm$/, (route) => (stalled ? undefined : route.continue()));
  await page.goto('/');
  const box = page.locator('#yehua > .yh-boot');
  const line = box.locator('.yh-loading[role="status"]');
  await expect(line).toContainText('正在加载');
  await expect(box.getByRole('button')).toHaveCount(0);
  await page.clock.fastForward(21_000);
  await expect(line).toContainText('网络较慢，仍在加载');
  await expect(line.locator('span[lang="en"]')).toHaveText('The connection is slow; still loading. You can also try again.');
  stalled = false; // for the page loaded anew; this one's request stays stalled
  await box.getByRole('button', { name: /重试/ }).click();
  await waitForReady(page);
  await expect(page.locator('#yehua .yh-boot')).toHaveCount(0);
});
