// Definitions that cannot be used, and one that cannot be loaded: residents get a short,
// friendly, translated screen (never a blank page, never the technical detail), organizers the
// full message on the console (where, counted from 1, which question, what); the host gets a
// `yehua:error` event, and a load failure offers a retry. Unknown element types are not
// errors: the rest renders and the skipped parts go to the console, not to residents.
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
  /** The organizer's message on the console (zh-CN): where, which question, what, in full. */
  console: RegExp;
  /** The English detail of the yehua:error event. */
  detail: RegExp;
}[] = [
  {
    title: 'not JSON',
    file: 'broken-not-json.json',
    // translated, detail included: 第 N 行第 M 个字符：<what went wrong, in Chinese>
    console: /^yehua: 不是有效的 JSON：第 \d+ 行第 \d+ 个字符：[^A-Za-z]+$/,
    detail: /^not JSON: line \d+, column \d+: /,
  },
  {
    title: 'no elements',
    file: 'broken-no-elements.json',
    console: /^yehua: 没有任何问题/,
    detail: /^the definition has no questions$/,
  },
  {
    title: 'duplicate names',
    file: 'broken-duplicate-name.json',
    // places counted from 1, the question's title beside its name
    console: /^yehua: 第 1 页，第 2 个元素，name，问题“多久了？”（street_light）：问题名称重复：street_light$/,
    detail: /^pages\[0\]\.elements\[1\]\.name: duplicate question name 'street_light'$/,
  },
  {
    title: 'a bad visibleIf',
    file: 'broken-visible-if.json',
    console: /^yehua: 第 1 页，第 2 个元素，visibleIf，问题“grid_note”（grid_note）：条件表达式有误：第 10 个字符处：[^A-Za-z]+$/,
    detail: /^pages\[0\]\.elements\[1\]\.visibleIf: .+/,
  },
  {
    title: 'a condition naming a question that does not exist',
    file: 'broken-unknown-name.json',
    // the unknown name, and the closest existing one
    console: /^yehua: 第 1 页，第 2 个元素，visibleIf，问题“联系电话”（phone）：条件表达式有误：第 1 个字符处：没有名为“join_meting”的问题，是不是“join_meeting”？$/,
    detail: /^pages\[0\]\.elements\[1\]\.visibleIf: unknown question 'join_meting' \(did you mean join_meeting\?\) at column 1$/,
  },
];

test.describe('a definition that cannot be used', () => {
  for (const c of BROKEN) {
    test(`${c.title}: residents get a short friendly screen, organizers the full message on the console, and yehua:error is sent`, async ({
      page,
      consoleErrors,
    }) => {
      const s = await openOn(page, c.file);
      await s.expectState('error');
      await expect(s.errorScreen).toHaveAttribute('role', 'alert');
      await expect(s.root.locator('[role=alert]')).toBeVisible();
      await expect(s.errorScreen.locator('.yh-title')).toHaveText('意见征集暂时无法打开');
      await expect(s.errorScreen.locator('.yh-error-message')).toHaveText('请稍后再试，或告诉现场的工作人员。');
      // no technical detail for residents: no path, no parser message, no property name
      await expect(s.errorScreen).not.toContainText(/[A-Za-z]/);
      await expect(s.errorScreen.locator('.yh-error-path')).toHaveCount(0);
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
      // the one console error is the organizer's message
      expect(consoleErrors).toHaveLength(1);
      const line = consoleErrors[0].replace(/^console\.error: /, '').replace(/ \(http[^)]*\)$/, '');
      expect(line).toMatch(c.console);
    });
  }

  test('the friendly screen speaks the host language', async ({ page, consoleErrors }) => {
    const s = await openOn(page, 'broken-duplicate-name.json', { locale: 'en' });
    await s.expectState('error');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(s.errorScreen.locator('.yh-title')).toHaveText('The consultation cannot be opened right now');
    await expect(s.errorScreen.locator('.yh-error-message')).toHaveText(
      'Please try again later, or tell the staff here.',
    );
    await expect(s.errorScreen).not.toContainText('street_light');
    await expect.poll(() => consoleErrors.length).toBe(1);
    expect(consoleErrors[0]).toContain(
      'yehua: page 1, element 2, name, question "多久了？" (street_light): duplicate question name: street_light',
    );
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
    '无法加载问卷。请检查网络后点“重试”。',
  );
  const [detail] = await s.waitForEvent('yehua:error');
  expect(detail).toBe(`load failed: ${url}: HTTP 404`);
  // the console has what failed for whoever set the page up (and Chromium's own 404 line)
  await expect
    .poll(() => consoleErrors.some((e) => e.includes(`yehua: load failed: ${url}: HTTP 404`)))
    .toBe(true);
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
    '无法加载问卷。请检查网络后点“重试”。',
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
    '无法加载问卷。请检查网络后点“重试”。',
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

test('unknown element types are skipped: the rest renders; residents see no warnings, the console has them translated', async ({
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

  // Warnings are for organizers (the console, the check view, the kiosk staff panel), never
  // on the residents' page.
  await expect(s.root.locator('.yh-warnings')).toHaveCount(0);
  await expect(s.root).not.toContainText('matrixdropdown');
  await expect(s.root).not.toContainText('已跳过');
  expect(warnings).toEqual([
    'yehua: 第 1 页，第 2 个元素，问题“satisfaction_matrix”（satisfaction_matrix）：夜话还不支持 SurveyJS 的“matrixdropdown”类型，已跳过',
    'yehua: 第 1 页，第 4 个元素，问题“sign”（sign）：夜话还不支持 SurveyJS 的“signaturepad”类型，已跳过',
  ]);
  expect(await s.events('yehua:error')).toEqual([]);
  await s.waitForEvent('yehua:ready');
  expect(consoleErrors).toEqual([]);
});
