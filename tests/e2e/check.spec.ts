/**
 * The organizers' check view (`?check=1`, `data-view="check"`; docs/DEFINITIONS.md): the
 * definition's errors and warnings, its outline with the conditions as written, and a preview
 * of every page that sends and stores nothing. Accessible, translated; a definition with an
 * error still gets its list. With YEHUA_SCREENSHOTS=1 also writes docs/screenshots/check-*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, expectAccessible, openWidget, serveJson } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const KIOSK_WASM = /^\/yehua-kiosk-[0-9a-f]{8,16}_bg\.wasm$/;

/** A definition an organizer might write: two pages, a condition, an unsupported type. */
const DEFINITION = {
  title: { default: '楼道环境小调查', en: 'Stairwell survey' },
  consultation: { id: 'check-e2e', version: '1' },
  pages: [
    {
      name: 'about',
      title: { default: '基本情况', en: 'About you' },
      elements: [
        {
          type: 'radiogroup',
          name: 'clean',
          title: { default: '您家楼道干净吗？', en: 'Is your stairwell clean?' },
          isRequired: true,
          choices: [
            { value: 'yes', text: { default: '干净', en: 'Yes' } },
            { value: 'no', text: { default: '不干净', en: 'No' } },
          ],
        },
        {
          type: 'comment',
          name: 'why',
          title: { default: '哪里不干净？', en: 'What is not clean?' },
          visibleIf: "{clean} = 'no'",
          requiredIf: "{clean} = 'no'",
        },
        { type: 'signaturepad', name: 'sign', title: '签名' },
      ],
    },
    {
      name: 'ideas',
      title: { default: '建议', en: 'Ideas' },
      elements: [{ type: 'comment', name: 'idea', title: { default: '您的建议', en: 'Your idea' } }],
    },
  ],
};

/** A definition that cannot be used: a condition whose quote is never closed. */
const BROKEN = {
  title: '坏的问卷',
  pages: [
    {
      name: 'p',
      elements: [
        { type: 'boolean', name: 'support', title: '您支持吗？' },
        { type: 'comment', name: 'reason', title: '为什么？', visibleIf: "{support} = 'no" },
      ],
    },
  ],
};


async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.YEHUA_SCREENSHOTS) {
    fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    fs.copyFileSync(file, path.join(ROOT, 'docs/screenshots', `${name}.png`));
  }
}

/** Every localStorage key of the page's origin. */
const storedKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage));

test.describe('check view', () => {
  test.use({ viewport: { width: 1024, height: 900 } });

  test('?check=1 lists warnings, outlines conditions as written and previews every page without sending or storing', async (
    { page, endpoint, consoleErrors },
    testInfo,
  ) => {
    const wasm: string[] = [];
    page.on('request', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.endsWith('.wasm')) wasm.push(p);
    });
    await serveJson(page, '/defs/check.json', DEFINITION);
    await openWidget(page, {
      path: '/?check=1',
      attrs: { 'definition-url': '/defs/check.json', endpoint: endpoint.url },
      waitReady: false,
    });
    const root = page.locator('[data-yehua-state="check"]');
    await expect(root).toBeVisible({ timeout: 15_000 });
    expect(wasm.some((p) => KIOSK_WASM.test(p))).toBe(true);

    // The messages: one warning (the skipped signaturepad), with its JSON path.
    await expect(page.getByRole('heading', { level: 2, name: '错误 0 个，警告 1 个' })).toBeVisible();
    const warnings = page.locator('.yh-check-warnings li');
    await expect(warnings).toHaveCount(1);
    await expect(warnings).toContainText('pages[0].elements[2]');
    await expect(page.locator('.yh-check-errors')).toHaveCount(0);

    // The outline: both pages, every element (the skipped one too), conditions as written.
    const outline = page.locator('.yh-check-outline');
    await expect(outline.locator('.yh-outline-pages > li')).toHaveCount(2);
    await expect(outline).toContainText("visibleIf: {clean} = 'no'");
    await expect(outline).toContainText("requiredIf: {clean} = 'no'");
    await expect(outline.locator('.yh-outline-type')).toHaveText(['radiogroup', 'comment', 'signaturepad', 'comment']);

    await expectAccessible(page, 'check view, zh-CN');
    await screenshot(page, testInfo, 'check-zh-CN');

    // The preview: conditions work, Next still checks the page, the last page cannot submit.
    const preview = page.locator('.yh-preview');
    await expect(preview.getByRole('heading', { name: '基本情况' })).toBeVisible();
    await expect(preview.getByText('哪里不干净？')).toHaveCount(0);
    await preview.getByText('不干净', { exact: true }).click();
    await expect(preview.getByText('哪里不干净？')).toBeVisible();
    await preview.getByRole('button', { name: '下一页' }).click();
    await expect(preview.locator('.yh-summary')).toBeVisible(); // "why" is now required
    // The page list shows any page at once, without the checks of Next.
    await preview.getByRole('button', { name: '第 2 页：ideas' }).click();
    await expect(preview.getByRole('heading', { name: '建议' })).toBeVisible();
    await expect(preview.getByRole('button', { name: '第 2 页：ideas' })).toHaveAttribute('aria-current', 'page');
    await expect(preview.getByRole('note')).toHaveText('预览：不会发送任何内容');
    await expect(preview.getByRole('button', { name: '提交' })).toHaveCount(0);
    await preview.locator('textarea').fill('楼道灯坏了');
    await preview.getByRole('button', { name: '第 1 页：about' }).click();
    await expect(preview.getByRole('heading', { name: '基本情况' })).toBeVisible();

    // Nothing stored (no draft, no outbox entry), nothing sent.
    expect((await storedKeys(page)).filter((k) => k.startsWith('yehua'))).toEqual([]);
    expect(await endpoint.requests()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('a definition with an error still gets its list and outline, in English too', async ({ page, consoleErrors }, testInfo) => {
    await serveJson(page, '/defs/broken.json', BROKEN);
    await openWidget(page, {
      path: '/?check=1&lang=en',
      attrs: { 'definition-url': '/defs/broken.json' },
      waitReady: false,
    });
    await expect(page.locator('[data-yehua-state="check"]')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Check the questionnaire before publishing' })).toBeVisible();
    const errors = page.locator('.yh-check-errors');
    await expect(errors).toHaveAttribute('role', 'alert');
    await expect(errors.locator('li')).toHaveCount(1);
    await expect(errors).toContainText('pages[0].elements[1].visibleIf');
    await expect(page.locator('.yh-check-outline')).toContainText("visibleIf: {support} = 'no");
    await expect(page.locator('.yh-check-preview')).toContainText('The definition has an error, so there is no preview.');
    await expectAccessible(page, 'check view with an error, en');
    await screenshot(page, testInfo, 'check-en');
    // The widget logs a definition's error for organizers on the console too; nothing else.
    expect(consoleErrors.filter((e) => !e.startsWith('console.error: yehua: '))).toEqual([]);
    expect(consoleErrors).toHaveLength(1);
  });

  test('data-view="check" opens it too', async ({ page, consoleErrors }) => {
    await serveJson(page, '/defs/check.json', DEFINITION);
    await openWidget(page, { attrs: { 'definition-url': '/defs/check.json', view: 'check' }, waitReady: false });
    await expect(page.locator('[data-yehua-state="check"] .yh-check-outline')).toBeVisible({ timeout: 15_000 });
    expect(consoleErrors).toEqual([]);
  });

  test('when the kiosk variant cannot be loaded, the residents\' one says where the check view is and shows no survey', async ({ page, endpoint }) => {
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.route(/\/yehua-kiosk[^/]*\.js$/, (route) => route.abort());
    await serveJson(page, '/defs/check.json', DEFINITION);
    await openWidget(page, {
      path: '/?check=1',
      attrs: { 'definition-url': '/defs/check.json', endpoint: endpoint.url },
      waitReady: false,
    });
    const notice = page.locator('[data-yehua-state="check"] .yh-notice');
    await expect(notice).toHaveText('这个版本没有检查页面。请用独立页面打开，在地址后加 ?check=1。', { timeout: 15_000 });
    await expect(page.locator('.yh-nav, .yh-check')).toHaveCount(0);
    expect(warnings.some((w) => w.includes('kiosk variant'))).toBe(true);
    expect((await storedKeys(page)).filter((k) => k.startsWith('yehua'))).toEqual([]);
    expect(await endpoint.requests()).toEqual([]);
  });
});
