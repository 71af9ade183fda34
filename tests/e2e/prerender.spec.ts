// A first screen prerendered into the page (.ci/prerender.mjs, docs/PRERENDER.md): a resident
// can read and fill it before the wasm has arrived; when the widget starts it replays what was
// typed, ticked and picked onto the live form (answers, a revealed conditional question, the
// focus and caret), waits for an input method's composition to end, and the copy goes away.
// A copy made for other settings than the page has now is dropped at once; one made from a
// definition since edited in place is dropped when the widget starts, its answers not replayed.
// Run: cd tests/e2e && npx playwright test prerender   (against the release build in dist-e2e)
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, setMountAttributes } from './helpers';
import { SurveyPage } from './pages/survey';

const DIST = process.env.YEHUA_E2E_DIST ?? path.resolve(__dirname, '../../dist-e2e');
const PAGE = 'prerendered-e2e.html';
const DEFINITION = {
  title: '楼道的事',
  consultation: { id: 'prerender-e2e' },
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'text', name: 'q1', title: '关于楼道照明，您想说什么？' },
        { type: 'radiogroup', name: 'q2', title: '楼道照明最近有问题吗？', isRequired: true, choices: [{ value: 'yes', text: '是' }, { value: 'no', text: '否' }] },
        { type: 'comment', name: 'q3', title: '请描述问题', visibleIf: "{q2} = 'yes'" },
        { type: 'checkbox', name: 'q4', title: '您关心哪些方面？', choices: [{ value: 'safety', text: '安全' }, { value: 'noise', text: '噪音' }, { value: 'cost', text: '费用' }] },
        { type: 'dropdown', name: 'q5', title: '您住在哪栋楼？', choices: [{ value: 'b1', text: '1号楼' }, { value: 'b2', text: '2号楼' }] },
        // More than the ten elements a long page is first built with (core::layout::Building).
        ...Array.from({ length: 9 }, (_, i) => ({ type: 'text', name: `q${i + 6}`, title: `第${i + 6}个问题` })),
      ],
    },
  ],
};

/** The page as `make build` makes it: index.html with the bundled consultation, prerendered. */
const DEFAULT_PAGE = 'prerendered-default-e2e.html';

test.beforeAll(async ({ browser }) => {
  fs.writeFileSync(path.join(DIST, 'prerendered-e2e.json'), JSON.stringify(DEFINITION));
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  fs.writeFileSync(path.join(DIST, PAGE), setMountAttributes(html, { 'definition-url': '/prerendered-e2e.json' }));
  fs.writeFileSync(path.join(DIST, DEFAULT_PAGE), html);
  const { prerender } = await import('../../.ci/prerender.mjs');
  await prerender(browser, DIST, PAGE);
  await prerender(browser, DIST, DEFAULT_PAGE);
});

/** Holds every wasm request until release() (the resident on a slow link). */
async function holdWasm(page: Page): Promise<{ release: () => void }> {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/*.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  return { release };
}

test('the prerendered first screen is usable before the wasm, and the live form keeps what was done there', async ({ page, consoleErrors }) => {
  const wasm = await holdWasm(page);
  await page.goto(`/${PAGE}`);
  const copy = page.locator('#yehua > [data-yehua-prerendered]');
  await expect(copy).toHaveAttribute('data-yehua-state', 'prerendered');
  await expect(page.locator('[data-yehua-state="ready"]')).toHaveCount(0);
  // The copy is there to read: no loading line beside it (yehua-start.js).
  await expect(page.locator('#yehua .yh-boot')).toHaveCount(0);
  await copy.locator('[data-name="q1"] input').fill('楼道灯坏了');
  await copy.locator('[data-name="q2"] input[value="yes"]').check();
  await copy.locator('[data-name="q4"] input[value="safety"]').check();
  await copy.locator('[data-name="q4"] input[value="cost"]').check();
  await copy.locator('[data-name="q5"] select').selectOption('b2');
  await copy.locator('[data-name="q1"] input').evaluate((el: HTMLInputElement) => {
    el.focus();
    el.setSelectionRange(2, 2);
  });
  // Buttons do nothing before the wasm runs, so they say so.
  await expect(copy.locator('button').first()).toBeDisabled();

  wasm.release();
  await expect(copy).toHaveCount(0);
  const survey = new SurveyPage(page);
  await survey.expectState('ready');
  await expect(survey.textbox('q1')).toHaveValue('楼道灯坏了');
  await expect(survey.option('q2', 'yes')).toBeChecked();
  await expect(survey.option('q4', 'safety')).toBeChecked();
  await expect(survey.option('q4', 'noise')).not.toBeChecked();
  await expect(survey.option('q4', 'cost')).toBeChecked();
  await expect(survey.select('q5')).toHaveValue('b2');
  await expect(survey.question('q3')).toBeVisible(); // revealed by the replayed answer to q2
  await expect(survey.textbox('q1')).toBeFocused();
  expect(await survey.textbox('q1').evaluate((el: HTMLInputElement) => el.selectionStart)).toBe(2);

  await survey.submit();
  const [stored] = await survey.storedSubmissions();
  expect(stored.answers).toMatchObject({
    q1: { value: '楼道灯坏了' },
    q2: { value: 'yes' },
    q4: { value: ['safety', 'cost'] },
    q5: { value: 'b2' },
  });
  expect(consoleErrors).toEqual([]);
});

test('an answer typed far down a long prerendered screen is kept: the live form builds the whole page at once', async ({ page }) => {
  const wasm = await holdWasm(page);
  await page.goto(`/${PAGE}`);
  const copy = page.locator('#yehua > [data-yehua-prerendered]');
  await copy.locator('[data-name="q14"] input').fill('十四号问题的回答');
  wasm.release();
  await expect(copy).toHaveCount(0);
  const survey = new SurveyPage(page);
  await survey.expectState('ready');
  await expect(survey.textbox('q14')).toHaveValue('十四号问题的回答');
  await expect(survey.textbox('q14')).toBeFocused();
});

test('a composition under way in the prerendered screen is finished before the live form takes over', async ({ page }) => {
  const wasm = await holdWasm(page);
  await page.goto(`/${PAGE}`);
  const copy = page.locator('#yehua > [data-yehua-prerendered]');
  await copy.locator('[data-name="q1"] input').focus();
  const cdp = await page.context().newCDPSession(page);
  for (const text of ['l', 'lou', 'loudao']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
  await expect(copy).toHaveAttribute('data-composing', '');

  wasm.release();
  // The live form is up and waits: the copy stays while the resident is composing.
  await expect(copy).toHaveAttribute('data-yehua-taking-over', '');
  await expect(copy.locator('[data-name="q1"] input')).toBeFocused();
  await expect(copy).toHaveCount(1);

  await cdp.send('Input.insertText', { text: '楼道' });
  await expect(copy).toHaveCount(0);
  const survey = new SurveyPage(page);
  await expect(survey.textbox('q1')).toHaveValue('楼道');
  await expect(survey.textbox('q1')).toBeFocused();
  await survey.next.click(); // q2 is required: the form refuses
  await expect(survey.summary).toBeVisible();
  expect(await survey.storedSubmissions()).toEqual([]);
  expect(JSON.stringify(await survey.storage())).not.toContain('loudao');
});

test('the prerendered screen passes axe before the wasm arrives', async ({ page }) => {
  await holdWasm(page);
  await page.goto(`/${PAGE}`);
  await expect(page.locator('[data-yehua-prerendered] [data-name="q1"] input')).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations).toEqual([]);
  expect(results.passes.length).toBeGreaterThan(5);
});

test('a prerendered screen made for other settings is dropped at once', async ({ page }) => {
  await holdWasm(page);
  // The language chosen in the link: the copy (zh-CN) would be the wrong one.
  await page.goto(`/${PAGE}?lang=en`);
  await expect(page.locator('[data-yehua-prerendered]')).toHaveCount(0);
  // The copy's own language in the link (the iframe snippet's ?lang=zh-CN) keeps it.
  await page.goto(`/${PAGE}?lang=zh-CN`);
  await expect(page.locator('[data-yehua-prerendered] [data-name="q1"]')).toBeVisible();
  // The page was edited after prerendering: another definition.
  await page.route(`**/${PAGE}`, async (route) => {
    const res = await route.fetch();
    const body = setMountAttributes(await res.text(), { 'definition-url': '/other.json' });
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  await page.goto(`/${PAGE}`);
  await expect(page.locator('#yehua')).toHaveAttribute('data-definition-url', '/other.json');
  await expect(page.locator('[data-yehua-prerendered]')).toHaveCount(0);
  // The unedited page keeps it (the check above can fail).
  await page.unroute(`**/${PAGE}`);
  await page.goto(`/${PAGE}`);
  await expect(page.locator('[data-yehua-prerendered] [data-name="q1"]')).toBeVisible();
});

test('the bundled consultation, prerendered as make build does, keeps a dropdown and a choice made before the wasm', async ({ page, consoleErrors }) => {
  const wasm = await holdWasm(page);
  await page.goto(`/${DEFAULT_PAGE}`);
  const copy = page.locator('#yehua > [data-yehua-prerendered]');
  await copy.locator('[data-name="grid"] select').selectOption('grid_3');
  await copy.locator('[data-name="age_group"] input').nth(2).check();
  wasm.release();
  await expect(copy).toHaveCount(0);
  const survey = new SurveyPage(page);
  await survey.expectState('ready');
  await expect(survey.select('grid')).toHaveValue('grid_3');
  await expect(survey.question('age_group').locator('input').nth(2)).toBeChecked();
  // The answers are the form's, not just the DOM's: they reach the draft on the device.
  await expect.poll(async () => JSON.stringify(await survey.storage())).toContain('grid_3');
  expect(consoleErrors).toEqual([]);
});

test('a definition edited in place after prerendering: the copy is dropped, its answer not put on another question', async ({ page }) => {
  // The page was prerendered from DEFINITION; the file now asks something else under the name q1.
  const edited = structuredClone(DEFINITION);
  edited.pages[0].elements[0] = { type: 'text', name: 'q1', title: '您对垃圾分类有什么建议？' };
  await page.route('**/prerendered-e2e.json', (route) =>
    route.fulfill({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(edited) }),
  );
  const wasm = await holdWasm(page);
  await page.goto(`/${PAGE}`);
  const copy = page.locator('#yehua > [data-yehua-prerendered]');
  await expect(copy.locator('[data-name="q1"]')).toContainText('关于楼道照明');
  await copy.locator('[data-name="q1"] input').fill('楼道灯坏了');
  wasm.release();
  await expect(copy).toHaveCount(0);
  const survey = new SurveyPage(page);
  await survey.expectState('ready');
  await expect(survey.question('q1')).toContainText('垃圾分类');
  await expect(survey.textbox('q1')).toHaveValue('');
  // The unchanged definition is taken over (the test above): the copy records which it was made from.
  await expect(page.locator('#yehua .yh-root')).toHaveAttribute('data-yehua-definition', /^\d+$/);
});

test('a prerendered page whose definition cannot be loaded shows the error screen, not the stale copy', async ({ page }) => {
  await page.route('**/prerendered-e2e.json', (route) => route.fulfill({ status: 503, body: 'busy' }));
  await page.goto(`/${PAGE}`);
  const survey = new SurveyPage(page);
  await expect(survey.errorScreen).toBeVisible();
  await expect(page.locator('[data-yehua-prerendered]')).toHaveCount(0);
  await expect(page.locator('#yehua .yh-root')).toHaveCount(1);
});
