// What residents see of definitions that once departed silently from SurveyJS: a start page
// (`firstPageIsStartPage`) with a Start button and no progress; a page of html only; a choice
// shown or enabled by its own condition (a disabled one is a disabled control); choices copied
// from another question (`choicesFromQuestion`, mode `selected`); a dropdown's generated
// numbers (`choicesMin`/`choicesMax`); `"visible": false` overruled by `visibleIf`. The payload
// never holds a choice that was hidden.
// Run: cd tests/e2e && npx playwright test surveyjs-meaning
import * as path from 'node:path';
import { test, expect, openWidget, waitForReady } from './helpers';
import { SurveyPage } from './pages/survey';

const FIXTURES = path.join(__dirname, 'fixtures');

async function open(page: import('@playwright/test').Page, file: string, attrs: Record<string, string> = {}) {
  const url = `/defs/${file}`;
  await page.route(
    (u) => u.pathname === url,
    (route) => route.fulfill({ path: path.join(FIXTURES, file), contentType: 'application/json; charset=utf-8' }),
  );
  await openWidget(page, { attrs: { 'definition-url': url, ...attrs } });
  await waitForReady(page);
  return new SurveyPage(page);
}

test('a start page of html: shown first with 开始, outside the progress, never returned to; then choices follow their conditions', async ({
  page,
  consoleErrors,
}) => {
  const s = await open(page, 'start-page.json');
  // The start page: its text, a Start button, no progress, no Back.
  await expect(s.pageTitle).toHaveText('填写说明');
  await expect(s.root.locator('.yh-note')).toHaveText('本次征集约需三分钟。您的回答匿名保存。');
  await expect(s.next).toHaveText('开始');
  await expect(s.progress).toHaveCount(0);
  await expect(s.back).toHaveCount(0);
  if (process.env.YEHUA_SCREENSHOT_DIR) {
    await page.screenshot({ path: `${process.env.YEHUA_SCREENSHOT_DIR}/start-page.png`, fullPage: true });
  }
  await s.goNext();
  await expect(s.pageTitle).toHaveText('您的需求');
  await expect(s.progress).toHaveText(/1.*2/);
  await expect(s.back).toHaveCount(0);

  // Choice-level conditions: 上下楼 hidden until the resident is 60+, 辅导孩子 disabled.
  await expect(s.option('help', 'stairs')).toHaveCount(0);
  await expect(s.option('help', 'tutoring')).toBeDisabled();
  // Nothing selected in `help` yet: the required copy has nothing to offer and is not shown.
  await expect(s.question('first')).toHaveCount(0);
  await s.pick('age', 'old');
  await expect(s.option('help', 'stairs')).toBeVisible();
  await s.tick('help', 'stairs', 'shopping');
  // The copy offers exactly what was selected, with its text.
  await expect(s.question('first').locator('.yh-choice-text')).toHaveText(['代购', '上下楼']);
  await s.pick('first', 'stairs');
  // The dropdown: its listed choice, then 1..6.
  await expect(s.select('floor').locator('option')).toHaveText(['请选择', '平房', '1', '2', '3', '4', '5', '6']);
  await s.choose('floor', '4');
  if (process.env.YEHUA_SCREENSHOT_DIR) {
    await page.screenshot({ path: `${process.env.YEHUA_SCREENSHOT_DIR}/choice-conditions.png`, fullPage: true });
  }
  // Younger after all: 上下楼 goes, and with it the answers that chose it.
  await s.pick('age', 'young');
  await expect(s.option('help', 'stairs')).toHaveCount(0);
  await expect(s.option('help', 'shopping')).toBeChecked();
  await expect(s.option('help', 'tutoring')).toBeEnabled();
  await expect(s.question('first').locator('.yh-choice-text')).toHaveText(['代购']);
  await expect(s.option('first', 'shopping')).not.toBeChecked();
  // The required copy must be answered again before moving on.
  await s.tryNext();
  await expect(s.error('first')).toBeVisible();
  await s.pick('first', 'shopping');
  await s.goNext();

  // The last page: its html, and a question written "visible": false that visibleIf shows.
  await expect(s.pageTitle).toHaveText('提交前');
  await expect(s.question('plate')).toBeVisible();
  await s.type('plate', '津A12345');
  await s.submit();
  const [stored] = await s.storedSubmissions();
  expect(stored.answers).toMatchObject({
    age: { value: 'young' },
    help: { value: ['shopping'] },
    first: { value: 'shopping' },
    floor: { value: '4' },
    plate: { value: '津A12345' },
  });
  expect(JSON.stringify(stored.answers)).not.toContain('stairs');
  expect(consoleErrors).toEqual([]);
});

test('the start button reads the definition’s startSurveyText, else the interface’s own, in each language', async ({ page }) => {
  const own = await open(page, 'start-page.json', { locale: 'en' });
  await expect(own.next).toHaveText('Start');
  await own.switchLanguage('繁體中文');
  await expect(own.next).toHaveText('開始');

  const definition = {
    firstPageIsStartPage: true,
    startSurveyText: { default: '开始填写', en: 'Begin' },
    pages: [
      { name: 'a', elements: [{ type: 'html', name: 'hello', html: '您好' }] },
      { name: 'b', elements: [{ type: 'text', name: 'street', title: '哪条街？' }] },
    ],
  };
  await openWidget(page, { attrs: { definition: JSON.stringify(definition) } });
  const s = new SurveyPage(page);
  await expect(s.next).toHaveText('开始填写');
  await s.switchLanguage('English');
  await expect(s.next).toHaveText('Begin');
  await s.next.click();
  await expect(s.question('street')).toBeVisible();
});

test('a page holding only html is shown and counted like any page', async ({ page, consoleErrors }) => {
  const definition = {
    consultation: { id: 'fixture-html-page', version: '1' },
    pages: [
      { name: 'a', title: '第一部分', elements: [{ type: 'text', name: 'street', title: '哪条街？' }] },
      { name: 'b', title: '须知', elements: [{ type: 'html', name: 'notice', html: '下一部分会问到您的家庭情况。' }] },
      { name: 'c', title: '第二部分', elements: [{ type: 'comment', name: 'more', title: '还有什么？' }] },
    ],
  };
  await openWidget(page, { attrs: { definition: JSON.stringify(definition) } });
  const s = new SurveyPage(page);
  await expect(s.progress).toHaveText(/1.*3/);
  await s.goNext();
  await expect(s.pageTitle).toHaveText('须知');
  await expect(s.root.locator('.yh-note')).toHaveText('下一部分会问到您的家庭情况。');
  await expect(s.progress).toHaveText(/2.*3/);
  await s.goNext();
  await expect(s.pageTitle).toHaveText('第二部分');
  expect(consoleErrors).toEqual([]);
});
