// Definitions that cannot be used, and one that cannot be loaded: the widget must show a clear,
// translated error screen that names the problem and where it is (never a blank page), tell
// the host with a `yehua:error` event, and offer a retry for a load failure. Unknown element
// types are not errors: the rest renders and the skipped parts are listed for staff.
// Run: cd tests/e2e && npx playwright test errors
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openWidget, waitForReady } from './helpers';
import { SurveyPage } from './pages/survey';

const FIXTURES = path.join(__dirname, 'fixtures');

/** Serves tests/e2e/fixtures/<file> at `urlPath` on the page's origin, byte for byte. */
async function serveFixture(page: Page, urlPath: string, file: string): Promise<void> {
  await page.route(
    (url) => url.pathname === urlPath,
    (route) =>
      route.fulfill({ path: path.join(FIXTURES, file), contentType: 'application/json; charset=utf-8' }),
  );
}

/** Opens the widget on a fixture definition, recording its events from the start. */
async function openOn(page: Page, file: string, attrs: Record<string, string> = {}): Promise<SurveyPage> {
  const s = new SurveyPage(page);
  await s.recordEventsFromStart();
  const url = `/defs/${file}`;
  await serveFixture(page, url, file);
  await openWidget(page, { attrs: { 'definition-url': url, ...attrs }, waitReady: false });
  return s;
}

const BROKEN: {
  title: string;
  file: string;
  /** The translated message (zh-CN) on the screen. */
  message: RegExp;
  /** Where it broke, as the screen shows it ('' = the whole text). */
  where: string;
  /** The English detail of the yehua:error event. */
  detail: RegExp;
}[] = [
  {
    title: 'not JSON',
    file: 'broken-not-json.json',
    // translated, detail included: 第 N 行第 M 个字符：<what went wrong, in Chinese>
    message: /^问卷无法打开：不是有效的 JSON：第 \d+ 行第 \d+ 个字符：[^A-Za-z]+$/,
    where: '',
    detail: /^not JSON: line \d+, column \d+: /,
  },
  {
    title: 'no elements',
    file: 'broken-no-elements.json',
    message: /^问卷无法打开：.*问题/,
    where: '',
    detail: /^the definition has no questions$/,
  },
  {
    title: 'duplicate names',
    file: 'broken-duplicate-name.json',
    message: /^问卷无法打开：问题名称重复：street_light$/,
    where: 'pages[0].elements[1].name',
    detail: /^pages\[0\]\.elements\[1\]\.name: duplicate question name 'street_light'$/,
  },
  {
    title: 'a bad visibleIf',
    file: 'broken-visible-if.json',
    message: /^问卷无法打开：条件表达式有误：第 \d+ 个字符处：[^A-Za-z]+$/,
    where: 'pages[0].elements[1].visibleIf',
    detail: /^pages\[0\]\.elements\[1\]\.visibleIf: .+/,
  },
];

test.describe('a definition that cannot be used', () => {
  for (const c of BROKEN) {
    test(`${c.title}: the error screen names the problem${c.where ? ' and where' : ''}, and yehua:error is sent`, async ({
      page,
      consoleErrors,
    }) => {
      const s = await openOn(page, c.file);
      await s.expectState('error');
      await expect(s.errorScreen).toHaveAttribute('role', 'alert');
      await expect(s.root.locator('[role=alert]')).toBeVisible();
      await expect(s.errorScreen.locator('.yh-title')).toHaveText('出了点问题');
      await expect(s.errorScreen.locator('.yh-error-message')).toHaveText(c.message);
      if (c.where) {
        await expect(s.errorScreen.locator('.yh-error-path')).toHaveText(`位置：${c.where}`);
      } else {
        await expect(s.errorScreen.locator('.yh-error-path')).toHaveCount(0);
      }
      // nothing to retry: the definition itself is wrong
      await expect(s.errorScreen.locator('button')).toHaveCount(0);
      // no survey around it
      await expect(s.root.locator('[data-name]')).toHaveCount(0);

      const [detail, ...more] = await s.waitForEvent('yehua:error');
      expect(detail).toMatch(c.detail);
      expect(more).toEqual([]);
      expect(await s.events('yehua:ready')).toEqual([]);
      if (c.file === 'broken-visible-if.json' && process.env.YEHUA_SCREENSHOT_DIR) {
        await page.screenshot({ path: `${process.env.YEHUA_SCREENSHOT_DIR}/yehua-error.png`, fullPage: true });
      }
      expect(consoleErrors).toEqual([]);
    });
  }

  test('the error screen speaks the host language', async ({ page }) => {
    const s = await openOn(page, 'broken-duplicate-name.json', { locale: 'en' });
    await s.expectState('error');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(s.errorScreen.locator('.yh-title')).toHaveText('Something went wrong');
    await expect(s.errorScreen.locator('.yh-error-message')).toHaveText(
      'The questionnaire cannot be opened: duplicate question name: street_light',
    );
    await expect(s.errorScreen.locator('.yh-error-path')).toHaveText('Where: pages[0].elements[1].name');
  });
});

test('a definition URL that answers 404 shows the load error; Retry loads it once it is there', async ({
  page,
  consoleErrors,
}) => {
  const s = new SurveyPage(page);
  await s.recordEventsFromStart();
  // nothing is routed yet: the static server itself answers 404
  const url = `/defs/not-there-yet.json`;
  await openWidget(page, { attrs: { 'definition-url': url }, waitReady: false });
  await s.expectState('error');
  await expect(s.errorScreen).toHaveAttribute('role', 'alert');
  await expect(s.errorScreen.locator('.yh-error-message')).toHaveText(
    `无法加载问卷（${url}: HTTP 404）。请检查网络后点“重试”。`,
  );
  const [detail] = await s.waitForEvent('yehua:error');
  expect(detail).toBe(`load failed: ${url}: HTTP 404`);
  // the only console errors are Chromium's own line about the 404
  expect(consoleErrors.length).toBeGreaterThan(0);
  for (const e of consoleErrors) expect(e).toMatch(/404/);

  const retry = s.errorScreen.getByRole('button', { name: '重试' });
  await expect(retry).toBeVisible();
  await serveFixture(page, url, 'valid-one-question.json');
  await retry.click();
  await waitForReady(page);
  await expect(s.question('street')).toBeVisible();
  await expect(s.errorScreen).toHaveCount(0);
  await s.waitForEvent('yehua:ready');
  expect(await s.events('yehua:error')).toHaveLength(1);
});

test('a definition that never arrives: after 30 s the load error and Retry, not a loading screen for ever', async ({
  page,
}) => {
  // A stalled request (a flaky link, a captive portal) neither answers nor fails. The page's
  // clock is Playwright's, so the 30 s pass at once.
  await page.clock.install();
  const s = new SurveyPage(page);
  const url = '/defs/stalled.json';
  let stalled = true;
  await page.route(
    (u) => u.pathname === url,
    (route) => (stalled ? undefined : route.fulfill({ path: FIXTURES + '/valid-one-question.json' })),
  );
  await openWidget(page, { attrs: { 'definition-url': url }, waitReady: false });
  await s.expectState('loading');
  // From here on the page's time moves only when the test moves it: on a loaded machine the
  // real seconds spent starting the widget would otherwise count towards the 30 s. Those spent
  // before the pause still count, hence 27 s rather than 29 s for "not yet".
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  await page.clock.fastForward(26_500);
  await s.expectState('loading');
  await page.clock.fastForward(4_000);
  await s.expectState('error');
  await expect(s.errorScreen.locator('.yh-error-message')).toHaveText(
    `无法加载问卷（${url}: no answer within 30 s）。请检查网络后点“重试”。`,
  );
  stalled = false;
  await page.clock.resume();
  await s.errorScreen.getByRole('button', { name: '重试' }).click();
  await waitForReady(page);
  await expect(s.question('street')).toBeVisible();
});

test('the default consultation cannot be fetched: the translated load error, then retry loads it', async ({
  page,
  consoleErrors,
}) => {
  const s = new SurveyPage(page);
  await s.recordEventsFromStart();
  let down = true;
  await page.route(
    (url) => url.pathname === '/consultation.json',
    (route) => (down ? route.fulfill({ status: 503, body: 'down' }) : route.fallback()),
  );
  await openWidget(page, { waitReady: false });
  await s.expectState('error');
  const url = new URL('/consultation.json', page.url()).href;
  await expect(s.errorScreen.locator('.yh-error-message')).toHaveText(
    `无法加载问卷（${url}: HTTP 503）。请检查网络后点“重试”。`,
  );
  const [detail] = await s.waitForEvent('yehua:error');
  expect(detail).toBe(`load failed: ${url}: HTTP 503`);
  for (const e of consoleErrors) expect(e).toMatch(/503/);

  down = false;
  await s.errorScreen.getByRole('button', { name: '重试' }).click();
  await waitForReady(page);
  await expect(s.root.locator('.yh-title')).toHaveText('夜话 · 问需 问技 问策');
  await expect(s.errorScreen).toHaveCount(0);
});

test('unknown element types are skipped: the rest renders, the device panel lists the warnings', async ({
  page,
  consoleErrors,
}) => {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('yehua:')) warnings.push(m.text());
  });
  const s = await openOn(page, 'unknown-types.json');
  await waitForReady(page);
  for (const name of ['street', 'often', 'remarks']) await expect(s.question(name)).toBeVisible();
  await expect(s.question('satisfaction_matrix')).toHaveCount(0);
  await expect(s.question('sign')).toHaveCount(0);
  await s.type('street', '解放路');
  await s.pick('often', '每周');

  const details = s.root.locator('.yh-device details.yh-warnings');
  await expect(details.locator('summary')).toHaveText('问卷定义中有 2 处未支持的内容，已跳过');
  const items = details.locator('li');
  await expect(items.first()).toBeHidden(); // collapsed until staff open it
  await details.locator('summary').click();
  await expect(items).toHaveText([
    "pages[0].elements[1]: element type 'matrix' is not supported, skipped",
    "pages[0].elements[3]: element type 'signaturepad' is not supported, skipped",
  ]);
  await expect(items.first()).toBeVisible();
  // the same warnings go to the console for whoever set the page up
  expect(warnings).toEqual([
    "yehua: pages[0].elements[1]: element type 'matrix' is not supported, skipped",
    "yehua: pages[0].elements[3]: element type 'signaturepad' is not supported, skipped",
  ]);
  expect(await s.events('yehua:error')).toEqual([]);
  await s.waitForEvent('yehua:ready');
  expect(consoleErrors).toEqual([]);
});
