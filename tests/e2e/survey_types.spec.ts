// What real SurveyJS surveys use most, end to end in the release build: a matrix answered by
// keyboard (one radio group per row, each row announced with its text), a multipletext with an
// input method, validators (regex on the browser's own RegExp, numeric with the organizer's own
// message, expression), defaultValue (not back after the resident cleared it), enableIf, and the
// native date, time, datetime-local, url and range inputs with their limits. Each type is checked
// by axe and photographed in zh-CN and en, normal and large text, 320 and 1024 px wide
// (test-results; four of them to docs/screenshots/ with YEHUA_SCREENSHOTS=1).
// Run: cd tests/e2e && npx playwright test survey_types   (against the release build in dist-e2e)
import * as fs from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { CDPSession, Page, TestInfo } from '@playwright/test';
import { test, expect, openWidget, serveJson } from './helpers';
import { SurveyPage } from './pages/survey';

const ROOT = path.resolve(__dirname, '../..');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const consultation = (id: string) => ({ id: `types-${id}`, version: '1' });

const DEFS: Record<string, object> = {
  matrix: {
    consultation: consultation('matrix'),
    title: { default: '服务满意度', en: 'How satisfied are you?' },
    elements: [
      {
        type: 'matrix',
        name: 'satisfaction',
        title: { default: '您对这些服务满意吗？', en: 'Are you satisfied with these services?' },
        isRequired: true,
        isAllRowRequired: true,
        columns: [
          { value: 1, text: { default: '不满意', en: 'Unhappy' } },
          { value: 2, text: { default: '一般', en: 'So-so' } },
          { value: 3, text: { default: '满意', en: 'Happy' } },
        ],
        rows: [
          { value: 'cleaning', text: { default: '楼道保洁', en: 'Cleaning' } },
          { value: 'security', text: { default: '门岗保安', en: 'Security' } },
          { value: 'parking', text: { default: '停车管理', en: 'Parking' } },
        ],
      },
      {
        type: 'comment',
        name: 'why',
        title: { default: '保洁哪里不满意？', en: 'What is wrong with the cleaning?' },
        visibleIf: '{satisfaction.cleaning} = 1',
      },
    ],
  },
  multipletext: {
    consultation: consultation('multipletext'),
    title: { default: '联系方式', en: 'Contact' },
    elements: [
      {
        type: 'multipletext',
        name: 'contact',
        title: { default: '怎么联系您？', en: 'How can we reach you?' },
        items: [
          { name: 'name', title: { default: '称呼', en: 'Name' }, isRequired: true },
          { name: 'phone', title: { default: '电话', en: 'Phone' }, inputType: 'tel' },
          { name: 'people', title: { default: '同来几人', en: 'How many of you' }, inputType: 'number', min: 1, max: 9 },
        ],
      },
    ],
  },
  validators: {
    consultation: consultation('validators'),
    title: { default: '校验', en: 'Checks' },
    elements: [
      {
        type: 'text',
        name: 'postcode',
        title: { default: '邮政编码', en: 'Postcode' },
        validators: [{ type: 'regex', regex: '^\\d{6}$', text: { default: '请填 6 位数字的邮编', en: 'A postcode has 6 digits' } }],
      },
      {
        type: 'text',
        name: 'age',
        title: { default: '您的年龄', en: 'Your age' },
        validators: [{ type: 'numeric', minValue: 18, maxValue: 120 }],
      },
      { type: 'text', name: 'mail', title: { default: '邮箱', en: 'E-mail' }, validators: [{ type: 'email' }] },
      {
        type: 'text',
        name: 'mail2',
        title: { default: '再填一次邮箱', en: 'E-mail again' },
        validators: [{ type: 'expression', expression: '{mail2} = {mail}', text: { default: '两次填写的邮箱不一样', en: 'The two e-mails differ' } }],
      },
    ],
  },
  defaults: {
    consultation: consultation('defaults'),
    title: { default: '默认值', en: 'Defaults' },
    elements: [
      { type: 'text', name: 'district', title: { default: '您住在哪个街道？', en: 'Which district?' }, defaultValue: '东城街道' },
      {
        type: 'radiogroup',
        name: 'often',
        title: { default: '多久参加一次夜话？', en: 'How often do you come?' },
        choices: [
          { value: 'weekly', text: { default: '每周', en: 'Weekly' } },
          { value: 'monthly', text: { default: '每月', en: 'Monthly' } },
        ],
        defaultValue: 'monthly',
      },
    ],
  },
  enable: {
    consultation: consultation('enable'),
    title: { default: '停车', en: 'Parking' },
    elements: [
      { type: 'boolean', name: 'has_car', title: { default: '您家有车吗？', en: 'Do you have a car?' } },
      {
        type: 'text',
        name: 'plate',
        title: { default: '车牌号', en: 'Number plate' },
        isRequired: true,
        enableIf: '{has_car} = true',
      },
    ],
  },
  inputs: {
    consultation: consultation('inputs'),
    title: { default: '时间和网址', en: 'Dates and links' },
    elements: [
      { type: 'text', name: 'day', inputType: 'date', title: { default: '哪天方便？', en: 'Which day suits you?' }, min: '2026-12-01', max: '2026-12-31' },
      { type: 'text', name: 'at', inputType: 'time', title: { default: '几点方便？', en: 'What time?' }, min: '18:00', max: '21:30' },
      { type: 'text', name: 'when', inputType: 'datetime-local', title: { default: '下次夜话时间建议', en: 'Next forum, date and time' } },
      { type: 'text', name: 'site', inputType: 'url', title: { default: '相关网页', en: 'A related web page' } },
      { type: 'text', name: 'loud', inputType: 'range', min: 0, max: 10, step: 1, title: { default: '夜里噪音有多大？（0–10）', en: 'How loud are the nights? (0–10)' } },
    ],
  },
};

async function open(page: Page, key: string, attrs: Record<string, string> = {}): Promise<SurveyPage> {
  await serveJson(page, `/defs/${key}.json`, DEFS[key]);
  await openWidget(page, { attrs: { 'definition-url': `/defs/${key}.json`, ...attrs } });
  return new SurveyPage(page);
}

async function afterPaint(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe violations in state "${state}"`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, 'horizontal scrolling').toBeLessThanOrEqual(width);
}

/** The few that docs/DEFINITIONS.md shows (all of them go to test-results). */
const DOC_SHOTS = new Set([
  'types-matrix-zh-CN-320-large',
  'types-matrix-en-1024',
  'types-multipletext-zh-CN-320',
  'types-inputs-en-1024',
]);

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  if (process.env.YEHUA_SCREENSHOTS && DOC_SHOTS.has(name)) {
    fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    fs.copyFileSync(file, path.join(ROOT, 'docs/screenshots', `${name}.png`));
  }
}

test('matrix: one radio group per row, named by the row; arrow keys stay in a row; every row required; an object submitted and one CSV column per row', async ({ page, consoleErrors }) => {
  const survey = await open(page, 'matrix');
  const q = survey.question('satisfaction');
  // Each row is a group announced with its own text.
  await expect(q.getByRole('group', { name: '楼道保洁' })).toBeVisible();
  await expect(q.getByRole('group', { name: '停车管理' })).toBeVisible();
  const cleaning = q.getByRole('group', { name: '楼道保洁' });
  // Keyboard: focus the first row, arrow right picks the next column of the same row only.
  await cleaning.getByRole('radio', { name: '不满意' }).focus();
  await page.keyboard.press('Space');
  await expect(cleaning.getByRole('radio', { name: '不满意' })).toBeChecked();
  await expect(survey.question('why')).toBeVisible(); // {satisfaction.cleaning} = 1
  await page.keyboard.press('ArrowRight');
  await expect(cleaning.getByRole('radio', { name: '一般' })).toBeChecked();
  await expect(cleaning.getByRole('radio', { name: '一般' })).toBeFocused();
  await expect(survey.question('why')).toBeHidden();
  await expect(q.getByRole('group', { name: '门岗保安' }).getByRole('radio', { checked: true })).toHaveCount(0);
  // Tab goes on to the next row's group.
  await page.keyboard.press('Tab');
  await expect(q.getByRole('group', { name: '门岗保安' }).getByRole('radio', { name: '不满意' })).toBeFocused();
  // Submit with rows missing: every row is required.
  await survey.next.click();
  await expect(survey.error('satisfaction')).toHaveText(/请每一行都选一项/);
  await expect(survey.summary).toContainText('您对这些服务满意吗？');
  await q.getByRole('group', { name: '门岗保安' }).getByRole('radio', { name: '满意', exact: true }).check();
  await q.getByRole('group', { name: '停车管理' }).getByRole('radio', { name: '不满意' }).check();
  await expect(survey.error('satisfaction')).toBeHidden();
  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  expect(stored.answers.satisfaction.value).toEqual({ cleaning: '2', parking: '1', security: '3' });
  const csv = await survey.export('csv');
  const [header, row] = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
  const cell = (name: string) => row[header.indexOf(name)];
  expect(header).toEqual(expect.arrayContaining(['satisfaction.cleaning', 'satisfaction.security', 'satisfaction.parking']));
  expect([cell('satisfaction.cleaning'), cell('satisfaction.security'), cell('satisfaction.parking')]).toEqual(['2', '3', '1']);
  expect(consoleErrors).toEqual([]);
});

/** Types pinyin as an IME does, then commits `text`. */
async function compose(cdp: CDPSession, text: string, ...steps: string[]): Promise<void> {
  for (const s of steps) {
    await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
  }
  await cdp.send('Input.insertText', { text });
}

test('multipletext: each item a labelled box; pinyin is not the answer, the commit is; a missing item is named; an object submitted', async ({ page, consoleErrors }) => {
  const survey = await open(page, 'multipletext');
  const q = survey.question('contact');
  await expect(q.getByRole('group', { name: /怎么联系您/ })).toBeVisible();
  const name = q.getByRole('textbox', { name: /称呼/ });
  const phone = q.getByRole('textbox', { name: '电话' });
  await phone.fill('13800138000');
  await survey.next.click();
  await expect(survey.error('contact')).toHaveText('称呼：这个问题需要回答。');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).not.toHaveAttribute('aria-invalid', 'true');
  // Only the item with the problem is drawn as wrong.
  const border = (box: typeof name) => box.evaluate((el) => getComputedStyle(el).borderTopColor);
  expect(await border(phone)).not.toBe(await border(name));
  // An input method: the composition is never stored, the committed text is.
  await name.focus();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'wang', selectionStart: 4, selectionEnd: 4 });
  await afterPaint(page);
  const draft = async () => {
    const text = await page.evaluate(() => localStorage.getItem('yehua.draft.types-multipletext'));
    return text ? JSON.parse(text).answers.answers.contact : undefined;
  };
  expect((await draft())?.name).toBeUndefined();
  await compose(cdp, '王阿姨', 'wang a yi');
  await expect(name).toHaveValue('王阿姨');
  await expect(survey.error('contact')).toBeHidden();
  await afterPaint(page);
  expect(await draft()).toEqual({ name: '王阿姨', phone: '13800138000' });
  await q.getByRole('textbox', { name: '同来几人' }).fill('12');
  await survey.next.click();
  await expect(survey.error('contact')).toHaveText('同来几人：请填写 1 到 9 之间的数字。');
  await q.getByRole('textbox', { name: '同来几人' }).fill('２');
  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  expect(stored.answers.contact.value).toEqual({ name: '王阿姨', people: '２', phone: '13800138000' });
  expect(consoleErrors).toEqual([]);
});

test('validators: regex on the browser RegExp with the organizer\'s message (in English too), numeric limits, expression comparing two answers', async ({ page, consoleErrors }) => {
  const survey = await open(page, 'validators');
  await survey.type('postcode', '10001');
  await survey.type('age', '17');
  await survey.type('mail', 'wang@example');
  await survey.type('mail2', 'wang@example.cn');
  await survey.next.click();
  await expect(survey.error('postcode')).toHaveText('请填 6 位数字的邮编');
  await expect(survey.error('age')).toHaveText('请填写 18 到 120 之间的数字。');
  await expect(survey.error('mail')).toHaveText(/邮箱格式不对/);
  await expect(survey.error('mail2')).toHaveText('两次填写的邮箱不一样');
  await survey.switchLanguage('English');
  await expect(survey.error('postcode')).toHaveText('A postcode has 6 digits');
  await expect(survey.error('age')).toHaveText('Please enter a number from 18 to 120.');
  await survey.type('postcode', '100010');
  await survey.type('age', '70');
  await survey.type('mail', 'wang@example.cn');
  await expect(survey.error('postcode')).toBeHidden();
  await expect(survey.error('mail2')).toBeHidden();
  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  expect(stored.answers.postcode.value).toBe('100010');
  expect(consoleErrors).toEqual([]);
});

test('defaultValue: a new form starts with it; cleared by the resident, it does not come back after a reload', async ({ page, consoleErrors }) => {
  const survey = await open(page, 'defaults');
  await expect(survey.textbox('district')).toHaveValue('东城街道');
  await expect(survey.option('often', 'monthly')).toBeChecked();
  // Defaults alone are no draft.
  await afterPaint(page);
  expect(await page.evaluate(() => localStorage.getItem('yehua.draft.types-defaults'))).toBeNull();
  await survey.type('district', '');
  await survey.pick('often', 'weekly');
  await afterPaint(page);
  await page.reload();
  await expect(survey.root).toHaveAttribute('data-yehua-state', 'ready');
  await expect(survey.textbox('district')).toHaveValue('');
  await expect(survey.option('often', 'weekly')).toBeChecked();
  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  expect(stored.answers.district).toBeUndefined();
  expect(stored.answers.often.value).toBe('weekly');
  // The next resident starts with the defaults again.
  await survey.root.getByRole('button', { name: '再填一份' }).click();
  await expect(survey.textbox('district')).toHaveValue('东城街道');
  expect(consoleErrors).toEqual([]);
});

test('enableIf: shown but disabled until its condition holds; its required check waits; its value is kept', async ({ page, consoleErrors }) => {
  const survey = await open(page, 'enable');
  const plate = survey.textbox('plate');
  await expect(plate).toBeVisible();
  await expect(plate).toBeDisabled();
  await survey.yesNo('has_car', true);
  await expect(plate).toBeEnabled();
  await survey.type('plate', '京A12345');
  await survey.yesNo('has_car', false);
  await expect(plate).toBeDisabled();
  await expect(plate).toHaveValue('京A12345');
  await survey.yesNo('has_car', true);
  await survey.type('plate', '');
  await survey.yesNo('has_car', false);
  // Required but disabled: no problem, the form submits.
  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  expect(stored.answers.has_car.value).toBe(false);
  expect(consoleErrors).toEqual([]);
});

test('input types: native date, time, datetime-local, url and range; dates checked against min and max; the slider by keyboard', async ({ page, consoleErrors }) => {
  const survey = await open(page, 'inputs');
  const input = (name: string) => survey.question(name).locator('input');
  await expect(input('day')).toHaveAttribute('type', 'date');
  await expect(input('day')).toHaveAttribute('min', '2026-12-01');
  await expect(input('at')).toHaveAttribute('type', 'time');
  await expect(input('when')).toHaveAttribute('type', 'datetime-local');
  await expect(input('site')).toHaveAttribute('type', 'url');
  await expect(input('loud')).toHaveAttribute('type', 'range');
  await expect(input('loud')).toHaveAttribute('aria-valuetext', '还没有选择');
  await input('day').fill('2026-11-30');
  await input('at').fill('22:00');
  await input('when').fill('2026-12-20T19:30');
  await input('site').fill('https://example.cn/路灯');
  await survey.next.click();
  await expect(survey.error('day')).toHaveText('不能早于 2026-12-01，请重新选择。');
  await expect(survey.error('at')).toHaveText('不能晚于 21:30，请重新选择。');
  await input('day').fill('2026-12-18');
  await input('at').fill('19:00');
  await input('loud').focus();
  await page.keyboard.press('ArrowRight');
  await expect(survey.question('loud').locator('.yh-range-value')).toHaveText('当前：6');
  await expect(input('loud')).not.toHaveAttribute('aria-valuetext', /.*/);
  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  const values = Object.fromEntries(Object.entries(stored.answers).map(([k, v]: [string, any]) => [k, v.value]));
  expect(values).toEqual({ day: '2026-12-18', at: '19:00', when: '2026-12-20T19:30', site: 'https://example.cn/路灯', loud: '6' });
  expect(consoleErrors).toEqual([]);
});

for (const key of ['matrix', 'multipletext', 'validators', 'defaults', 'enable', 'inputs']) {
  test(`${key}: accessible and photographed in zh-CN and en, normal and large text, 320 and 1024 px`, async ({ page, consoleErrors }, testInfo) => {
    for (const width of [320, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      for (const lang of ['zh-CN', 'en']) {
        const survey = await open(page, key, { locale: lang });
        // Show the errors too: what a resident sees after trying to go on.
        if (key === 'validators') {
          await survey.type('postcode', '1');
          await survey.type('age', '9');
        }
        if (key === 'inputs') {
          await survey.question('day').locator('input').fill('2026-11-30');
          await survey.question('loud').locator('input').focus();
          await page.keyboard.press('ArrowLeft');
        }
        if (key === 'enable') await survey.yesNo('has_car', false);
        if (key !== 'defaults' && key !== 'enable') {
          await survey.next.click();
          await expect(survey.summary).toBeVisible();
        }
        await expectAccessible(page, `${key} ${lang} ${width}`);
        await expectNoSidewaysScroll(page);
        await screenshot(page, testInfo, `types-${key}-${lang}-${width}`);
        const large = survey.root.locator('.yh-settings button').first();
        await large.click();
        await expect(survey.root).toHaveClass(/\byh-large\b/);
        await expectNoSidewaysScroll(page);
        await screenshot(page, testInfo, `types-${key}-${lang}-${width}-large`);
        await page.evaluate(() => localStorage.clear());
      }
    }
    expect(consoleErrors).toEqual([]);
  });
}
