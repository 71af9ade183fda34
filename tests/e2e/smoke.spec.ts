import { test, expect, waitForReady } from './helpers';

test('the built page loads, becomes ready, and logs no console errors', async ({ page, consoleErrors }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await waitForReady(page);
  expect(consoleErrors).toEqual([]);
});
