// Loading: the start script fetches the definition in parallel with the wasm, and the widget
// uses that answer instead of asking again (one request); a failed early fetch is retried by
// the widget itself (its own error message and Retry are covered by errors.spec.ts).
import * as path from 'node:path';
import { expect, openWidget, test } from './helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'valid-one-question.json');

test('the definition is fetched once: the start script\'s early answer is used', async ({ page }) => {
  const hits: number[] = [];
  await page.route(
    (url) => url.pathname === '/defs/early.json',
    (route) => {
      hits.push(Date.now());
      return route.fulfill({ path: FIXTURE, contentType: 'application/json; charset=utf-8' });
    },
  );
  await openWidget(page, { attrs: { 'definition-url': '/defs/early.json' } });
  await expect(page.locator('[data-name="street"]')).toBeVisible();
  expect(hits, 'one request for the definition').toHaveLength(1);
});

test('a failed early fetch: the widget fetches again itself and shows the survey', async ({ page }) => {
  let calls = 0;
  await page.route(
    (url) => url.pathname === '/defs/flaky.json',
    (route) => {
      calls += 1;
      return calls === 1
        ? route.fulfill({ status: 503, body: 'busy' })
        : route.fulfill({ path: FIXTURE, contentType: 'application/json; charset=utf-8' });
    },
  );
  await openWidget(page, { attrs: { 'definition-url': '/defs/flaky.json' } });
  await expect(page.locator('[data-name="street"]')).toBeVisible();
  expect(calls).toBe(2);
});
