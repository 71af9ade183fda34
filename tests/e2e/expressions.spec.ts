// Conditions with arithmetic and date functions, in the browser: a question shows once a sum
// passes a threshold, and one whose condition reads age() shows for a birth date 60 or more
// years before the device's own date (which the view hands the core; the core reads no clock).
// Run: cd tests/e2e && npx playwright test expressions
import { test, expect, openWidget, serveJson } from './helpers';
import { SurveyPage } from './pages/survey';

const DEFINITION = {
  consultation: { id: 'expressions', version: '1' },
  elements: [
    { type: 'text', name: 'adults', title: '家里几位大人？', inputType: 'number' },
    { type: 'text', name: 'children', title: '几位孩子？', inputType: 'number' },
    { type: 'comment', name: 'space', title: '住房是否拥挤？', visibleIf: '{adults} + {children} > 4' },
    { type: 'text', name: 'born', title: '出生日期（如 1950-03-01）' },
    { type: 'boolean', name: 'senior_help', title: '需要上门助老服务吗？', visibleIf: 'age({born}) >= 60' },
  ],
};

test('a sum and an age in conditions show questions as SurveyJS would', async ({ page, consoleErrors }) => {
  await serveJson(page, '/defs/expressions.json', DEFINITION);
  await openWidget(page, { attrs: { 'definition-url': '/defs/expressions.json' } });
  const s = new SurveyPage(page);
  await expect(s.question('space')).toHaveCount(0);
  await s.question('adults').locator('input').fill('2');
  await s.question('children').locator('input').fill('2');
  await expect(s.question('space')).toHaveCount(0);
  await s.question('children').locator('input').fill('3');
  await expect(s.question('space')).toBeVisible();

  const year = await page.evaluate(() => new Date().getFullYear());
  await expect(s.question('senior_help')).toHaveCount(0);
  await s.question('born').locator('input').fill(`${year - 59}-01-01`);
  await expect(s.question('senior_help')).toHaveCount(0);
  await s.question('born').locator('input').fill(`${year - 60}-01-01`);
  await expect(s.question('senior_help')).toBeVisible();
  if (process.env.YEHUA_SCREENSHOT_DIR) {
    await page.screenshot({ path: `${process.env.YEHUA_SCREENSHOT_DIR}/yehua-expressions.png`, fullPage: true });
  }
  expect(consoleErrors).toEqual([]);
});
