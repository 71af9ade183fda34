// Chinese input methods, through real composition events (CDP Input.imeSetComposition, then
// Input.insertText to commit, as a pinyin IME does): the intermediate pinyin is never taken as
// the answer, Enter while composing neither advances nor submits nor adds a line, the committed
// text is exact in the field and in the draft on the device, lengths count characters as people
// do, and full-width digits pass the phone and number checks.
// Run: cd tests/e2e && npx playwright test ime   (against the release build in dist-e2e)
import type { CDPSession, Page } from '@playwright/test';
import { test, expect, openWidget, serveJson } from './helpers';
import { SurveyPage } from './pages/survey';

const DEFINITION = {
  consultation: { id: 'ime-test', version: '1' },
  title: '输入法测试',
  pages: [
    {
      name: 'first',
      title: '第一页',
      elements: [
        { type: 'text', name: 'name', title: '怎么称呼您？', maxLength: 5 },
        { type: 'comment', name: 'story', title: '您的建议', maxLength: 20 },
      ],
    },
    {
      name: 'last',
      title: '最后一页',
      elements: [
        { type: 'text', name: 'phone', inputType: 'tel', title: '联系电话', isRequired: true },
        { type: 'text', name: 'count', inputType: 'number', title: '家里几口人？', min: 1, max: 20 },
      ],
    },
  ],
};
const DRAFT_KEY = 'yehua.draft.ime-test';

async function open(page: Page): Promise<{ survey: SurveyPage; cdp: CDPSession }> {
  await serveJson(page, '/defs/ime.json', DEFINITION);
  await openWidget(page, { attrs: { 'definition-url': '/defs/ime.json' } });
  // Keep every Enter keydown, to read after its dispatch whether the widget cancelled it.
  await page.evaluate(() => {
    (window as any).__keydowns = [];
    window.addEventListener('keydown', (e) => e.key === 'Enter' && (window as any).__keydowns.push(e), true);
  });
  return { survey: new SurveyPage(page), cdp: await page.context().newCDPSession(page) };
}

/** Every Enter so far: whether it came during a composition, and whether the widget cancelled it. */
function enters(page: Page): Promise<{ composing: boolean; prevented: boolean }[]> {
  return page.evaluate(() =>
    (window as any).__keydowns.map((e: KeyboardEvent) => ({ composing: e.isComposing, prevented: e.defaultPrevented })),
  );
}

/** Resolves after the next paint, when a draft saved by the last change has been written
 *  (the widget writes it just after the paint: web::draft). */
async function afterPaint(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

/** The answers in the draft on the device (empty when there is none yet). */
async function draft(page: Page): Promise<Record<string, unknown>> {
  const text = await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY);
  return text ? JSON.parse(text).answers.answers : {};
}

/** Types pinyin as an IME does: the composition grows letter group by letter group. */
async function compose(cdp: CDPSession, ...steps: string[]): Promise<void> {
  for (const text of steps) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
}

/** Enter pressed while the IME is composing (a real key event, isComposing set by Chromium). */
async function enter(cdp: CDPSession): Promise<void> {
  const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text: '\r', unmodifiedText: '\r' });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
}

test('pinyin in a text field: the composition is not the answer; Enter while composing does nothing; the commit is exact', async ({ page, consoleErrors }) => {
  const { survey, cdp } = await open(page);
  const name = survey.textbox('name');
  await name.focus();
  await compose(cdp, 'n', 'ni', "ni'h", "ni'hao");
  await expect(name).toHaveValue("ni'hao"); // the IME shows its pinyin in the field…
  await afterPaint(page);
  expect(await draft(page)).toEqual({}); // …but it is not an answer
  await expect(survey.counter('name')).toHaveText('0/5 字');

  await enter(cdp);
  const seen = await enters(page);
  expect(seen).toEqual([{ composing: true, prevented: true }]);
  await expect(survey.progress).toHaveText('第 1 / 2 页');
  await expect(survey.pageTitle).toHaveText('第一页');
  await expect(name).toHaveValue("ni'hao");

  await cdp.send('Input.insertText', { text: '你好' });
  await expect(name).toHaveValue('你好');
  await expect.poll(() => draft(page)).toEqual({ name: '你好' });
  await expect(survey.counter('name')).toHaveText('2/5 字');

  // Enter after the commit (not composing) does not advance either: only the buttons do.
  await enter(cdp);
  await expect(survey.progress).toHaveText('第 1 / 2 页');
  await expect(name).toHaveValue('你好');
  expect(consoleErrors).toEqual([]);
});

test('pinyin in the comment field: Enter while composing adds no line; text after it continues', async ({ page }) => {
  const { survey, cdp } = await open(page);
  const story = survey.textbox('story');
  await story.focus();
  await compose(cdp, 'lu', "lu'deng");
  await enter(cdp);
  await cdp.send('Input.insertText', { text: '路灯' });
  await expect(story).toHaveValue('路灯');
  await expect.poll(() => draft(page)).toEqual({ story: '路灯' });
  await compose(cdp, 'huai', "huai'le");
  await afterPaint(page);
  expect((await draft(page)).story).toBe('路灯'); // the second composition is not stored either
  await cdp.send('Input.insertText', { text: '坏了' });
  await expect(story).toHaveValue('路灯坏了');
  await expect.poll(() => draft(page)).toEqual({ story: '路灯坏了' });
  // A plain Enter outside composition is a new line in a comment.
  await page.keyboard.press('Enter');
  await compose(cdp, 'xie', "xie'xie");
  await cdp.send('Input.insertText', { text: '谢谢' });
  await expect(story).toHaveValue('路灯坏了\n谢谢');
  await expect.poll(() => draft(page)).toEqual({ story: '路灯坏了\n谢谢' });
  const seen = await enters(page);
  expect(seen).toEqual([
    { composing: true, prevented: true },
    { composing: false, prevented: false },
  ]);
  await expect(survey.counter('story')).toHaveText('7/20 字');
  // The committed text survives a reload exactly (the draft is what was committed).
  await page.reload();
  await expect(survey.textbox('story')).toHaveValue('路灯坏了\n谢谢');
});

test('lengths count characters as people do (emoji with modifiers, joined families)', async ({ page }) => {
  const { survey, cdp } = await open(page);
  const name = survey.textbox('name');
  await name.focus();
  await compose(cdp, 'wang');
  await cdp.send('Input.insertText', { text: '王👍🏽👨‍👩‍👧' });
  await expect(survey.counter('name')).toHaveText('3/5 字');
  // The count is announced only near the limit, not after every character.
  await expect(survey.counter('name')).not.toHaveAttribute('aria-live', /.*/);
  await compose(cdp, "a'yi'ma'ma");
  await cdp.send('Input.insertText', { text: '阿姨妈' });
  await expect(survey.counter('name')).toHaveText('6/5 字');
  await expect(survey.counter('name')).toHaveAttribute('aria-live', 'polite');
  await survey.leave('name');
  await expect(survey.error('name')).toHaveText('最多 5 个字，请删减一些。');
});

test('lengths in every script: the counter and the check on Next count as people do', async ({ page }) => {
  const { survey, cdp } = await open(page);
  const name = survey.textbox('name');
  await name.focus();
  // A Tibetan stack of three, a Tibetan letter with its vowel sign, a Tibetan letter, and two
  // Bengali letters with vowel signs (the browser's Intl.Segmenter: Yehua's fallback would
  // count those two as four): 5 characters in 11 code points.
  await cdp.send('Input.insertText', { text: '\u0F66\u0F92\u0FB2\u0F56\u0F7C\u0F51\u0995\u09BF\u0996\u09BE' });
  await expect(survey.counter('name')).toHaveText('5/5 字');
  await survey.leave('name');
  await expect(survey.error('name')).toHaveCount(0);
  await survey.next.click();
  await expect(survey.pageTitle).toHaveText('最后一页');
  await survey.back.click();
  // One Mongolian letter with a free variation selector more: 6, and Next says so.
  await survey.textbox('name').focus();
  await page.keyboard.press('End');
  await cdp.send('Input.insertText', { text: '\u182D\u180B' });
  await expect(survey.counter('name')).toHaveText('6/5 字');
  await survey.next.click();
  await expect(survey.error('name')).toHaveText('最多 5 个字，请删减一些。');
});

test('full-width digits typed with a Chinese IME pass the phone and number checks', async ({ page }) => {
  const { survey, cdp } = await open(page);
  await survey.next.click();
  await expect(survey.pageTitle).toHaveText('最后一页');
  const phone = survey.textbox('phone');
  await phone.focus();
  await cdp.send('Input.insertText', { text: '１３８ ００１３ ８０００' });
  const count = survey.textbox('count');
  await count.focus();
  await cdp.send('Input.insertText', { text: '１２ａ' });
  await survey.leave('count');
  await expect(survey.error('count')).toHaveText('请填写数字，例如 12。');
  await expect(survey.error('phone')).toHaveCount(0);
  await count.fill('');
  await count.focus();
  await cdp.send('Input.insertText', { text: '３' });
  await expect(survey.error('count')).toHaveCount(0);
  const code = await survey.submit();
  expect(code).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  const [stored] = await survey.storedSubmissions();
  // Kept as typed: nothing rewrites what the resident entered.
  expect(stored.answers.phone).toEqual({ value: '１３８ ００１３ ８０００' });
  expect(stored.answers.count).toEqual({ value: '３' });
});
