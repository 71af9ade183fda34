// Keyboard only (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): the default consultation is completed and
// submitted with Tab, Shift+Tab, Space, Enter, arrow keys and typing, never a click; focus moves
// to each new page's heading, to the first problem after a failed Next, and to the receipt;
// every stop shows a visible focus indicator and Tab never gets stuck.
// Run: cd tests/e2e && npx playwright test keyboard   (against the release build in dist-e2e)
import type { Page } from '@playwright/test';
import { test, expect, openWidget } from './helpers';

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, opts: { backwards?: boolean; max?: number } = {}): Promise<void> {
  const max = opts.max ?? 40;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(opts.backwards ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${max} × ${opts.backwards ? 'Shift+Tab' : 'Tab'} never reached ${selector}; focus is on ${at}`);
}

/** What has focus, in a form that is easy to compare. */
function focusedKey(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const value = (el as HTMLInputElement).value;
    return `${el.tagName.toLowerCase()}#${el.id}.${el.className}[${value ?? ''}]${el.textContent?.trim().slice(0, 12) ?? ''}`;
  });
}

/** The focused element (or, for a radio or check box, its label) draws a visible outline. */
function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return true;
    const ringed = (e: Element) => {
      const s = getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    };
    return ringed(el) || (el.closest('.yh-choice') !== null && ringed(el.closest('.yh-choice')!));
  });
}

const heading = (page: Page) => page.locator('#yh-page-title');

test('the default consultation, completed and submitted with the keyboard alone', async ({ page, endpoint, consoleErrors }) => {
  await openWidget(page, { attrs: { endpoint: endpoint.url } });
  const root = page.locator('.yh-root');

  // 1 关于您. Next without an answer: the summary appears and focus goes to the problem.
  await tabTo(page, '.yh-nav .yh-button-primary');
  await page.keyboard.press('Enter');
  await expect(root.locator('.yh-summary')).toBeVisible();
  const grid = page.locator('#yh-q0-input');
  await expect(grid).toBeFocused();
  await page.keyboard.press('ArrowDown'); // a closed select changes with the arrow keys
  await expect(grid).toHaveValue('grid_1');
  await expect(root.locator('.yh-summary')).toHaveCount(0);
  await expect(grid).toBeFocused(); // the fixed field keeps the focus
  await page.keyboard.press('Tab'); // into the age radio group (none chosen: its first radio)
  await expect(page.locator('[data-name="age_group"] input[value="18-34"]')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-name="age_group"] input[value="60-74"]')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(root.locator('.yh-nav .yh-button-primary')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(heading(page)).toHaveText('问需 · 您最需要什么');
  await expect(heading(page)).toBeFocused();

  // 2 问需: check boxes with Space; the ratings they reveal with the arrow keys. Next first:
  // focus goes to the first check box, and stays there when ticking it clears the error.
  await tabTo(page, '.yh-nav .yh-button-primary');
  await page.keyboard.press('Enter');
  const elderly = page.locator('[data-name="needs"] input[value="elderly_care"]');
  await expect(elderly).toBeFocused();
  await expect(page.locator('[data-name="needs"] .yh-error')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.locator('[data-name="needs"] .yh-error')).toHaveCount(0);
  await expect(elderly).toBeChecked();
  await expect(elderly).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(page.locator('[data-name="needs"] input[value="community_canteen"]')).toBeChecked();
  await tabTo(page, '[data-name="needs_urgency"] input');
  await page.keyboard.press('Space');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-name="needs_urgency"] input[value="4"]')).toBeChecked();
  await tabTo(page, '[data-name="canteen_satisfaction"] input');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-name="canteen_satisfaction"] input[value="2"]')).toBeChecked();
  await tabTo(page, '.yh-nav .yh-button-primary');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('问技 · 您能出一份力吗');
  await expect(heading(page)).toBeFocused();

  // 3 问技: a yes/no pair that reveals more questions.
  await tabTo(page, '[data-name="volunteer"] input');
  await page.keyboard.press('Space');
  await expect(page.locator('[data-name="volunteer"] input[value="true"]')).toBeChecked();
  await tabTo(page, '[data-name="skills"] input');
  await page.keyboard.press('Space');
  await expect(page.locator('[data-name="skills"] input[value="repairs"]')).toBeChecked();
  await tabTo(page, '[data-name="availability"] input');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-name="availability"] input[value="weekends"]')).toBeChecked();
  await tabTo(page, '.yh-nav .yh-button-primary');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('问策 · 您的建议');

  // 4 问策: a dropdown and a comment; Enter in the comment is a new line, not "next".
  await tabTo(page, '[data-name="topic"] select');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-name="topic"] select')).toHaveValue('safety');
  await page.keyboard.press('Tab');
  const comment = page.locator('[data-name="suggestion"] textarea');
  await expect(comment).toBeFocused();
  await page.keyboard.type('路灯坏了');
  await page.keyboard.press('Enter');
  await page.keyboard.type('please fix');
  await expect(comment).toHaveValue('路灯坏了\nplease fix');
  await expect(heading(page)).toHaveText('问策 · 您的建议');
  // Shift+Tab goes back to the dropdown; Back and Next keep every answer.
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('[data-name="topic"] select')).toBeFocused();
  await tabTo(page, '.yh-nav .yh-button-secondary');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('问技 · 您能出一份力吗');
  await expect(page.locator('[data-name="availability"] input[value="weekends"]')).toBeChecked();
  await tabTo(page, '.yh-nav .yh-button-primary');
  await page.keyboard.press('Enter');
  await expect(comment).toHaveValue('路灯坏了\nplease fix');
  await tabTo(page, '.yh-nav .yh-button-primary');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('联系方式（选填）');

  // 5 联系方式: consent reveals the panel; a name and a phone number typed in.
  await tabTo(page, '[data-name="consent_contact"] input');
  await page.keyboard.press('Space');
  await tabTo(page, '[data-name="name"] input');
  await page.keyboard.type('王阿姨');
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-name="phone"] input')).toBeFocused();
  await page.keyboard.type('13800138000');
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('[data-name="name"] input')).toBeFocused();
  await tabTo(page, '.yh-nav .yh-button-primary');
  await expect(page.locator('.yh-nav .yh-button-primary')).toHaveText('提交');
  await page.keyboard.press('Enter');

  // The receipt, with focus on its heading; the submission carries every answer.
  await expect(root).toHaveAttribute('data-yehua-state', 'submitted');
  await expect(page.locator('#yh-receipt-title')).toBeFocused();
  await expect(page.locator('.yh-receipt-code')).toHaveText(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  const [post] = await endpoint.waitForSubmissions(1);
  expect(post.json.answers).toMatchObject({
    grid: { value: 'grid_1' },
    age_group: { value: '60-74' },
    needs: { value: ['elderly_care', 'community_canteen'] },
    needs_urgency: { value: '4' },
    canteen_satisfaction: { value: '2' },
    volunteer: { value: true },
    skills: { value: ['repairs'] },
    availability: { value: 'weekends' },
    topic: { value: 'safety' },
    suggestion: { value: '路灯坏了\nplease fix' },
    consent_contact: { value: true },
    name: { value: '王阿姨' },
    phone: { value: '13800138000' },
  });

  // "再填一份" from the keyboard starts again with focus on the first page's heading.
  await tabTo(page, '.yh-receipt .yh-button');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('关于您');
  await expect(heading(page)).toBeFocused();
  expect(consoleErrors).toEqual([]);
});

test('every stop shows focus, Tab and Shift+Tab pass through and out, nothing traps', async ({ page }) => {
  await openWidget(page);
  // Reveal the "other" text box too: a text field inside a choice question.
  await tabTo(page, '#yh-q0-input');
  await page.keyboard.press('End');
  await expect(page.locator('#yh-q0-input')).toHaveValue('other');
  await expect(page.locator('#yh-q0-input-other')).toBeVisible();

  for (const backwards of [false, true]) {
    const seen: string[] = [];
    let key = '';
    // From the page itself, go all the way round: out of the widget and back to the start.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
      key = await focusedKey(page);
      expect(await focusIsVisible(page), `no visible focus on ${key}`).toBe(true);
      if (seen.includes(key)) break;
      seen.push(key);
    }
    expect(seen[0], 'the first stop').toBe(key); // came round to where it started
    const stops = seen.join('\n');
    for (const part of ['button#.yh-lang-button', 'button#.yh-toggle yh-toggle-large', 'select#yh-q0-input', 'input#yh-q0-input-other', 'input#yh-q1-input', 'yh-button-primary']) {
      expect(stops, `Tab order reaches ${part}`).toContain(part);
    }
  }
});

test('the display switches and the language work from the keyboard and keep focus', async ({ page }) => {
  await openWidget(page);
  const large = page.locator('.yh-toggle-large');
  await tabTo(page, '.yh-toggle-large');
  await page.keyboard.press('Space');
  await expect(large).toHaveAttribute('aria-pressed', 'true');
  await expect(large).toBeFocused();
  await expect(page.locator('.yh-root')).toHaveClass(/yh-large/);
  await page.keyboard.press('Tab');
  await expect(page.locator('.yh-toggle-contrast')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.yh-root')).toHaveClass(/yh-contrast/);
  await tabTo(page, '.yh-lang-button[lang="en"]', { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page.locator('.yh-lang-button[lang="en"]')).toBeFocused();
  await expect(page.locator('.yh-nav .yh-button-primary')).toHaveText('Next');
  await expect(page.locator('.yh-toggle-large')).toHaveText(/Large text/);
});
