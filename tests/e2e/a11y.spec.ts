// Accessibility of every screen and state (WCAG 2.2 AA, 适老化): axe-core on loading, each page
// of the default consultation with every question type and conditional question shown,
// validation errors, the receipt, the error screens, large text, high contrast, English and
// zh-TW; target sizes measured; reflow at 320 CSS px and 200 % zoom; read aloud with and
// without a voice; one question per page. Screenshots of the main modes go to test-results
// (and to docs/screenshots/ with YEHUA_SCREENSHOTS=1).
// Run: cd tests/e2e && npx playwright test a11y   (against the release build in dist-e2e)
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, expectAccessible, openWidget, serveJson, waitForReady, READY } from './helpers';
import { SurveyPage } from './pages/survey';

/** Our target sizes in CSS px: above WCAG 2.5.8's 24, and above the 44 asked of large text. */
const TARGET = 44;
const LARGE_TARGET = 56;
const ROOT = path.resolve(__dirname, '../..');
const CONSULTATION = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/src/default_consultation.json'), 'utf8'));

/** Every visible button, select, text box, choice label, summary and link is at least `min` CSS px both ways. */
async function expectTargets(page: Page, min: number): Promise<void> {
  const found = await page.evaluate(() => {
    const sel =
      '.yh-root button, .yh-root select, .yh-root .yh-choice, .yh-root input:not(.yh-choice-input), ' +
      '.yh-root textarea, .yh-root summary, .yh-root a[href]';
    return [...document.querySelectorAll(sel)]
      .map((el) => {
        const r = el.getBoundingClientRect();
        const text = (el.textContent ?? '').trim().slice(0, 20);
        return { what: `${el.tagName.toLowerCase()}.${el.className} "${text}"`, w: r.width, h: r.height };
      })
      .filter((t) => t.w > 0 || t.h > 0);
  });
  expect(found.length).toBeGreaterThan(0);
  const small = found.filter((t) => t.w < min || t.h < min).map((t) => `${t.what} ${t.w.toFixed(1)}×${t.h.toFixed(1)}`);
  expect(small, `targets smaller than ${min}×${min}`).toEqual([]);
}

/** The page does not scroll sideways (WCAG 1.4.10 reflow). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, 'horizontal scrolling').toBeLessThanOrEqual(width);
}

/** Answers the default consultation page by page, calling `check` on each page (after the conditional questions appeared). */
async function walkConsultation(survey: SurveyPage, check: (name: string) => Promise<void>): Promise<void> {
  // 1 关于您: dropdown with "other", radio group
  await survey.choose('grid', 'other');
  await expect(survey.question('grid').locator('.yh-other input')).toBeVisible();
  await survey.question('grid').locator('.yh-other input').fill('外区居民');
  // "请说明" alone would be ambiguous: the box is described by its question.
  await expect(survey.question('grid').locator('.yh-other input')).toHaveAccessibleName('请说明');
  await expect(survey.question('grid').locator('.yh-other input')).toHaveAccessibleDescription('您住在哪个网格？');
  await survey.pick('age_group', '60-74');
  await check('about');
  await survey.goNext();
  // 2 问需: check boxes with "other", two ratings shown by conditions
  await survey.tick('needs', 'elderly_care', 'community_canteen', 'other');
  await survey.question('needs').locator('.yh-other input').fill('路灯');
  await expect(survey.question('needs').locator('.yh-other input')).toHaveAccessibleDescription(/^您和家人眼下最希望/);
  await survey.pick('needs_urgency', 4);
  await survey.pick('canteen_satisfaction', 2);
  await check('needs');
  await survey.goNext();
  // 3 问技: boolean, conditional check boxes and radio group
  await survey.yesNo('volunteer', true);
  await survey.tick('skills', 'repairs', 'digital_help');
  await survey.pick('availability', 'weekends');
  await check('skills');
  await survey.goNext();
  // 4 问策: dropdown, comment with a character counter
  await survey.choose('topic', 'safety');
  await survey.type('suggestion', '3 号楼前的路灯坏了，希望尽快修好。');
  await expect(survey.counter('suggestion')).toContainText('18/500');
  await check('suggestions');
  await survey.goNext();
  // 5 联系方式: note, boolean, a panel with a text and a phone field
  await survey.yesNo('consent_contact', true);
  await survey.type('name', '王阿姨');
  await survey.type('phone', '13800138000');
  await check('contact');
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size, `${name}.png size`).toBeLessThan(200 * 1024);
  if (process.env.YEHUA_SCREENSHOTS) {
    fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    fs.copyFileSync(file, path.join(ROOT, 'docs/screenshots', `${name}.png`));
  }
}

/** Runs in the page before the widget: a browser with voices in `langs` that records what it says. */
function stubVoices(langs: string[]): void {
  const w = window as any;
  w.__voices = langs.map((lang) => ({ lang, name: `Test ${lang}`, voiceURI: lang, default: false, localService: true }));
  w.__spoken = [];
  speechSynthesis.getVoices = () => w.__voices;
  speechSynthesis.speak = (u: SpeechSynthesisUtterance) => w.__spoken.push({ text: u.text, lang: u.lang });
  speechSynthesis.cancel = () => {};
}

test.describe('every screen passes axe (WCAG 2.2 A/AA)', () => {
  test('before the wasm: the loading line, and the message when it cannot start', async ({ page }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let fail = false;
    await page.route(/_bg\.wasm$/, async (route) => {
      if (fail) return route.abort('connectionreset');
      await held;
      await route.continue();
    });
    await page.goto('/');
    await expect(page.locator('#yehua > .yh-boot .yh-loading[role="status"]')).toBeVisible();
    await expectAccessible(page, 'before the wasm');
    fail = true;
    release();
    await page.reload();
    const failed = page.locator('#yehua[data-yehua-state="error"] .yh-boot');
    await expect(failed.locator('.yh-crash[role="alert"]')).toBeVisible();
    await expectAccessible(page, 'the wasm could not be loaded');
    await expectTargets(page, TARGET);
  });

  test('the loading screen, while the definition is held back', async ({ page, consoleErrors }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    await page.route(
      (url) => url.pathname === '/defs/held.json',
      async (route) => {
        asked = true;
        await held;
        await route.fulfill({ contentType: 'application/json', body: JSON.stringify(CONSULTATION) });
      },
    );
    await openWidget(page, { attrs: { 'definition-url': '/defs/held.json' }, waitReady: false });
    await expect(page.locator('.yh-root[data-yehua-state="loading"] .yh-loading[role="status"]')).toBeVisible();
    expect(asked).toBe(true);
    await expectAccessible(page, 'loading');
    release();
    await waitForReady(page);
    expect(consoleErrors).toEqual([]);
  });

  test('each page of the default consultation, every question type, then the receipt', async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 800, height: 1000 });
    await openWidget(page);
    const survey = new SurveyPage(page);
    await walkConsultation(survey, async (name) => {
      await expectAccessible(page, name);
      await expectTargets(page, TARGET);
    });
    await survey.submit();
    await expect(page.locator('#yh-receipt-title')).toBeFocused();
    await expectAccessible(page, 'receipt');
    await expectTargets(page, TARGET);
    expect(consoleErrors).toEqual([]);
  });

  test('validation errors: linked, announced, focused, and not by colour alone', async ({ page }) => {
    await openWidget(page);
    const survey = new SurveyPage(page);
    await survey.tryNext();
    // The summary is an alert (announced once; no live region around it to repeat it).
    await expect(survey.summary).toHaveAttribute('role', 'alert');
    await expect(page.locator('.yh-summary-slot')).not.toHaveAttribute('aria-live', /.*/);
    // Focus went to the first field with a problem; its error is part of its description.
    const select = survey.select('grid');
    await expect(select).toBeFocused();
    await expect(select).toHaveAttribute('aria-invalid', 'true');
    await expect(select).toHaveAccessibleDescription(/这个问题需要回答/);
    await expect(survey.error('grid')).toHaveText('这个问题需要回答。');
    // Not by colour alone: a warning sign before the text, a thicker border.
    const mark = await survey.error('grid').evaluate((el) => getComputedStyle(el, '::before').content);
    expect(mark).toContain('⚠');
    // The summary's link takes focus to the field.
    await page.locator('.yh-nav .yh-button-primary').focus();
    await survey.summary.getByRole('link').first().click();
    await expect(select).toBeFocused();
    await expectAccessible(page, 'validation errors');
    await expectTargets(page, TARGET);

    // A field's own error on the last page (a wrong phone number), in a panel.
    await survey.choose('grid', 'grid_1');
    await survey.goNext();
    await survey.tick('needs', 'parking');
    for (let i = 0; i < 3; i++) await survey.goNext();
    await survey.yesNo('consent_contact', true);
    await survey.type('phone', '12');
    await survey.leave('phone');
    await expect(survey.error('phone')).toContainText('电话号码格式不对');
    await expect(survey.textbox('phone')).toHaveAccessibleDescription(/电话号码格式不对/);
    await expectAccessible(page, 'phone error');
  });

  test('the error screen: a definition that cannot be used, and one that could not be loaded', async ({ page }) => {
    await serveJson(page, '/defs/empty.json', { pages: [] });
    await openWidget(page, { attrs: { 'definition-url': '/defs/empty.json' }, waitReady: false });
    const screen = page.locator('.yh-root[data-yehua-state="error"] .yh-error-screen');
    await expect(screen).toBeVisible();
    await expect(screen).toHaveAttribute('role', 'alert');
    await expectAccessible(page, 'error: bad definition');

    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await serveJson(page, '/defs/missing.json', { error: 'gone' }, 404);
    await openWidget(page, { attrs: { 'definition-url': '/defs/missing.json' }, waitReady: false });
    await expect(page.locator('.yh-error-screen .yh-button')).toBeVisible();
    await expectAccessible(page, 'error: load failed');
    await expectTargets(page, TARGET);
  });

  test('English and zh-TW', async ({ page }) => {
    await openWidget(page);
    const survey = new SurveyPage(page);
    for (const [language, tag, next] of [
      ['English', 'en', 'Next'],
      ['繁體中文', 'zh-TW', '下一頁'],
    ] as const) {
      await survey.switchLanguage(language);
      await expect(page.locator('html')).toHaveAttribute('lang', tag);
      await expect(survey.root).toHaveAttribute('lang', tag);
      await expect(survey.next).toHaveText(next);
      await expectAccessible(page, `${tag}`);
    }
    await survey.tryNext();
    await expect(survey.error('grid')).toHaveText('這一題需要回答。');
    await expectAccessible(page, 'zh-TW errors');
    await survey.switchLanguage('English');
    await expect(survey.error('grid')).toHaveText('Please answer this question.');
    await expectAccessible(page, 'en errors');
  });
});

test.describe('适老化: large text and high contrast', () => {
  test('the switches are toggle buttons that change classes, not styles, and are forgotten on reload', async ({ page }) => {
    await openWidget(page);
    const survey = new SurveyPage(page);
    const bar = page.getByRole('group', { name: '显示设置' });
    const large = bar.getByRole('button', { name: '大字' });
    const contrast = bar.getByRole('button', { name: '高对比' });
    await expect(large).toHaveAttribute('aria-pressed', 'false');
    await expect(contrast).toHaveAttribute('aria-pressed', 'false');
    const fontSize = () => survey.root.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await fontSize();

    await large.click();
    await expect(large).toHaveAttribute('aria-pressed', 'true');
    await expect(survey.root).toHaveClass(/\byh-large\b/);
    expect((await fontSize()) / before).toBeGreaterThanOrEqual(1.5);
    // Pressed is shown by a tick, not only by colour.
    expect(await large.evaluate((el) => getComputedStyle(el, '::before').content)).toContain('✓');

    await contrast.click();
    await expect(contrast).toHaveAttribute('aria-pressed', 'true');
    await expect(survey.root).toHaveClass(/\byh-contrast\b/);
    const bg = await survey.root.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(0, 0, 0)');
    // Strict CSP: no style attributes anywhere in the widget.
    expect(await page.locator('#yehua [style]').count()).toBe(0);

    // Translated, and the state survives a language switch.
    await survey.switchLanguage('English');
    await expect(page.getByRole('button', { name: 'Large text' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('button', { name: 'High contrast' })).toHaveAttribute('aria-pressed', 'true');
    await survey.switchLanguage('繁體中文');
    await expect(page.getByRole('group', { name: '顯示設定' }).getByRole('button', { name: '高對比' })).toBeVisible();

    // A shared kiosk forgets the choice with the resident.
    await page.reload();
    await waitForReady(page);
    await expect(survey.root).not.toHaveClass(/yh-large|yh-contrast/);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/large|contrast/i);
  });

  for (const mode of ['large', 'contrast', 'large+contrast'] as const) {
    test(`every page passes axe in ${mode} mode`, async ({ page }) => {
      await page.setViewportSize({ width: 800, height: 1000 });
      await openWidget(page);
      const survey = new SurveyPage(page);
      if (mode.includes('large')) await page.getByRole('button', { name: '大字' }).click();
      if (mode.includes('contrast')) await page.getByRole('button', { name: '高对比' }).click();
      await expect(survey.root).toHaveClass(mode === 'large' ? /yh-large/ : /yh-contrast/);
      const min = mode.includes('large') ? LARGE_TARGET : TARGET;
      await survey.tryNext();
      await expectAccessible(page, `${mode}: errors`);
      await expectTargets(page, min);
      await walkConsultation(survey, async (name) => {
        await expectAccessible(page, `${mode}: ${name}`);
        await expectTargets(page, min);
      });
      await survey.submit();
      await expectAccessible(page, `${mode}: receipt`);
      await expectTargets(page, min);
    });
  }
});

test.describe('reflow', () => {
  for (const { width, large } of [
    { width: 320, large: false },
    { width: 320, large: true },
    { width: 640, large: false }, // 200 % zoom of a 1280 px window
    { width: 640, large: true },
  ]) {
    test(`no sideways scrolling at ${width} CSS px${large ? ' in large text' : ''}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await openWidget(page);
      const survey = new SurveyPage(page);
      if (large) await page.getByRole('button', { name: '大字' }).click();
      await expectNoSidewaysScroll(page);
      await survey.tryNext();
      await expectNoSidewaysScroll(page);
      await walkConsultation(survey, async () => {
        await expectNoSidewaysScroll(page);
        await expectTargets(page, large ? LARGE_TARGET : TARGET);
      });
      await survey.submit();
      await expectNoSidewaysScroll(page);
      await expect(page.locator('#yh-receipt-title')).toBeFocused();
      await expect(page.locator('#yh-receipt-title')).toBeInViewport();
    });
  }
});

test.describe('read aloud', () => {
  test('is absent where the browser has no voice for the language', async ({ page }) => {
    await page.addInitScript(stubVoices, ['fr-FR', 'en-US']);
    await openWidget(page);
    await expect(page.locator('.yh-question').first()).toBeVisible();
    expect(await page.locator('.yh-read-aloud').count()).toBe(0);
    // There is an English voice: switching to English shows the buttons.
    await new SurveyPage(page).switchLanguage('English');
    await expect(page.locator('.yh-read-aloud')).toHaveCount(2);
  });

  test('is absent in a browser without voices at all (headless Chromium)', async ({ page }) => {
    await openWidget(page);
    await expect(page.locator('.yh-question').first()).toBeVisible();
    const voices = await page.evaluate(() => speechSynthesis.getVoices().length);
    test.skip(voices > 0, 'this Chromium has real voices');
    expect(await page.locator('.yh-read-aloud').count()).toBe(0);
  });

  test('reads the title, help and choices in the current language', async ({ page }) => {
    await page.addInitScript(stubVoices, ['zh-CN', 'zh-TW']);
    await openWidget(page);
    const survey = new SurveyPage(page);
    const button = survey.question('grid').getByRole('button', { name: '朗读' });
    await expect(button).toBeVisible();
    await expect(button).toHaveAccessibleDescription('您住在哪个网格？');
    await button.click();
    const spoken = () => page.evaluate(() => (window as any).__spoken as { text: string; lang: string }[]);
    await expect.poll(async () => (await spoken()).length).toBe(1);
    const [first] = await spoken();
    expect(first.lang).toBe('zh-CN');
    expect(first.text).toBe(
      '您住在哪个网格？ 不清楚的话，可以问问楼长或现场工作人员。 选项有：第一网格（1—5 号楼）， 第二网格（6—10 号楼）， ' +
        '第三网格（11—15 号楼）， 第四网格（16—20 号楼）， 第五网格（沿街商户）， 第六网格（新建小区）， 其他 / 不住在本社区。',
    );
    // Listening is not answering: no "please answer" after leaving the button.
    await survey.question('age_group').getByRole('button', { name: '朗读' }).focus();
    await expect(survey.error('grid')).toHaveCount(0);
    await expectAccessible(page, 'read aloud buttons');
    await expectTargets(page, TARGET);

    await survey.switchLanguage('繁體中文');
    await survey.question('age_group').getByRole('button', { name: '朗讀' }).click();
    await expect.poll(async () => (await spoken()).length).toBe(2);
    const second = (await spoken())[1];
    expect(second.lang).toBe('zh-TW');
    expect(second.text).toContain('您的年龄段'); // the consultation has no zh-TW text: zh-CN is read
    expect(second.text).toContain('選項有：');
    // No English voice here: the buttons go away in English.
    await survey.switchLanguage('English');
    await expect(page.locator('.yh-read-aloud')).toHaveCount(0);
  });

  test('a rating reads its end labels; a voice that arrives late shows the button', async ({ page }) => {
    await page.addInitScript(stubVoices, []);
    await openWidget(page);
    const survey = new SurveyPage(page);
    await expect(page.locator('.yh-question').first()).toBeVisible();
    expect(await page.locator('.yh-read-aloud').count()).toBe(0);
    await page.evaluate(() => {
      (window as any).__voices.push({ lang: 'zh_CN', name: 'late', voiceURI: 'late', default: true, localService: true });
      speechSynthesis.dispatchEvent(new Event('voiceschanged'));
    });
    await expect(page.locator('.yh-read-aloud')).toHaveCount(2);
    await survey.choose('grid', 'grid_2');
    await survey.goNext();
    await survey.tick('needs', 'parking');
    await survey.question('needs_urgency').getByRole('button', { name: '朗读' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as any).__spoken.map((s: any) => s.text)))
      .toEqual(['这些事对您来说有多急？ 选项有：1 不太急， 2， 3， 4， 5 非常急。']);
  });
});

test.describe('one question per page (onePerPage)', () => {
  test('each screen asks one thing; focus moves to the heading; notes go with the next question', async ({ page }) => {
    await openWidget(page, { attrs: { 'one-per-page': 'true' } });
    const survey = new SurveyPage(page);
    const questions = survey.root.locator('.yh-page .yh-question');
    const progress = survey.progress;
    await expect(questions).toHaveCount(1);
    await expect(progress).toHaveText('第 1 / 7 页');
    await survey.choose('grid', 'grid_3');
    await survey.next.click();
    await expect(progress).toHaveText('第 2 / 7 页');
    await expect(questions).toHaveCount(1);
    await expect(survey.question('age_group')).toBeVisible();
    await expect(survey.pageTitle).toBeFocused();
    await expectAccessible(page, 'one per page');
    await survey.next.click();
    await expect(progress).toHaveText('第 3 / 7 页');
    // Answering reveals the conditional questions as screens of their own.
    await survey.tick('needs', 'community_canteen');
    await expect(progress).toHaveText('第 3 / 9 页');
    await expect(questions).toHaveCount(1);
    for (let at = 4; at <= 8; at++) {
      await survey.next.click();
      await expect(progress).toHaveText(`第 ${at} / 9 页`);
      await expect(questions).toHaveCount(1);
    }
    // The last screen: the anonymity note comes with the consent question.
    await survey.next.click();
    await expect(progress).toHaveText('第 9 / 9 页');
    await expect(page.locator('.yh-page .yh-note')).toBeVisible();
    await expect(survey.question('consent_contact')).toBeVisible();
    await survey.yesNo('consent_contact', true);
    await expect(progress).toHaveText('第 9 / 10 页');
    await survey.next.click();
    // The contact panel stays together: name and phone on one screen.
    await expect(questions).toHaveCount(2);
    await expect(survey.question('name')).toBeVisible();
    await expect(survey.question('phone')).toBeVisible();
    await expect(page.locator(`${READY} .yh-panel`)).toHaveCount(1);
    await survey.type('phone', '13800138000');
    await survey.submit();
  });
});

test('screenshots: normal, large text, high contrast, 320 px wide, and the README\'s needs page', async ({ page }, testInfo) => {
  // A browser with a Mandarin voice, as on most phones and PCs, so the read-aloud buttons show.
  await page.addInitScript(stubVoices, ['zh-CN']);
  await page.setViewportSize({ width: 720, height: 900 });
  await openWidget(page);
  const survey = new SurveyPage(page);
  await expect(page.locator('.yh-read-aloud').first()).toBeVisible();
  await screenshot(page, testInfo, 'a11y-normal');
  await page.getByRole('button', { name: '大字' }).click();
  await expect(survey.root).toHaveClass(/yh-large/);
  await screenshot(page, testInfo, 'a11y-large-text');
  await page.getByRole('button', { name: '大字' }).click();
  await page.getByRole('button', { name: '高对比' }).click();
  await expect(survey.root).toHaveClass(/yh-contrast/);
  await survey.tryNext();
  await screenshot(page, testInfo, 'a11y-high-contrast');
  await page.getByRole('button', { name: '高对比' }).click();
  await expect(survey.root).not.toHaveClass(/yh-contrast/);
  await page.setViewportSize({ width: 320, height: 800 });
  await screenshot(page, testInfo, 'a11y-320px');
  await page.setViewportSize({ width: 720, height: 900 });
  await survey.choose('grid', 'grid_2');
  await survey.goNext();
  await survey.tick('needs', 'elderly_care', 'old_estate_renovation');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await screenshot(page, testInfo, 'readme-needs');
});
