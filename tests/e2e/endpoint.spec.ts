// Checks the test harness itself (tests/endpoint/server.py + helpers.ts) from a real browser
// page on another origin, independent of the widget: CORS preflight, Idempotency-Key, the
// failure modes and the per-test scoping the other specs rely on.
import { test, expect, setMountAttributes, type Endpoint } from './helpers';
import type { Page } from '@playwright/test';

/** fetch() from the page (origin :8700) to the endpoint (:8787); never throws. */
async function post(page: Page, url: string, body: object, opts: { key?: string; timeoutMs?: number } = {}) {
  return page.evaluate(
    async ({ url, body, key, timeoutMs }) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (key) headers['Idempotency-Key'] = key;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
        });
        return {
          status: res.status,
          retryAfter: res.headers.get('Retry-After'),
          replayed: res.headers.get('Idempotent-Replayed'),
          json: await res.json(),
          error: null as string | null,
        };
      } catch (e) {
        return { status: 0, retryAfter: null, replayed: null, json: null, error: (e as Error).name };
      }
    },
    { url, body, key: opts.key, timeoutMs: opts.timeoutMs },
  );
}

async function onOtherOrigin(page: Page) {
  // any page of the static server will do; this one exists even before a build
  await page.goto('/_control/health');
}

test.describe('endpoint harness', () => {
  test('CORS preflight, JSON body and Idempotency-Key are recorded; a repeat is answered 2xx', async ({ page, endpoint }) => {
    await onOtherOrigin(page);
    const first = await post(page, endpoint.url, { 问题: '路灯坏了', n: 1 }, { key: 'k-1' });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ ok: true });
    const again = await post(page, endpoint.url, { 问题: '路灯坏了', n: 1 }, { key: 'k-1' });
    expect(again.status).toBe(201);
    expect(again.replayed).toBe('true');
    expect(again.json.id).toBe(first.json.id);

    const all = await endpoint.requests();
    expect(all.filter((r) => r.method === 'OPTIONS').length).toBeGreaterThanOrEqual(1);
    const posts = await endpoint.posts();
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({
      idempotency_key: 'k-1',
      json: { 问题: '路灯坏了', n: 1 },
      origin: new URL(page.url()).origin,
      outcome: 'accepted',
      duplicate: false,
    });
    expect(posts[0].content_type).toContain('application/json');
    expect(posts[1]).toMatchObject({ outcome: 'replayed', duplicate: true });
    expect(await endpoint.submissions()).toHaveLength(1);
  });

  test('status mode fails N times with a readable Retry-After, then recovers', async ({ page, endpoint }) => {
    await onOtherOrigin(page);
    await endpoint.failWith(503, { retryAfter: 2, times: 2 });
    const a = await post(page, endpoint.url, { a: 1 });
    const b = await post(page, endpoint.url, { a: 2 });
    const c = await post(page, endpoint.url, { a: 3 });
    expect([a.status, b.status, c.status]).toEqual([503, 503, 201]);
    expect(a.retryAfter).toBe('2');
    expect((await endpoint.posts()).map((r) => r.status)).toEqual([503, 503, 201]);
  });

  test('hang outlasts the client timeout; close gives a network error', async ({ page, endpoint }) => {
    await onOtherOrigin(page);
    await endpoint.hang({ seconds: 30, times: 1 });
    const hung = await post(page, endpoint.url, { a: 1 }, { timeoutMs: 500 });
    expect(hung.error).toBe('TimeoutError');
    await endpoint.close({ times: 1 });
    const closed = await post(page, endpoint.url, { a: 2 });
    expect(closed.error).toBe('TypeError');
    const ok = await post(page, endpoint.url, { a: 3 });
    expect(ok.status).toBe(201);
    expect((await endpoint.posts()).map((r) => r.outcome)).toEqual(['hanging', 'closed', 'accepted']);
  });

  test('modes and records are scoped to the test prefix', async ({ page, endpoint, playwright }) => {
    await onOtherOrigin(page);
    const request = await playwright.request.newContext();
    const { Endpoint: EndpointClass } = await import('./helpers');
    const other: Endpoint = new EndpointClass(request, `${endpoint.prefix}-other`);
    try {
      await other.failWith(500);
      expect((await post(page, endpoint.url, { mine: true })).status).toBe(201);
      expect((await post(page, other.url, { theirs: true })).status).toBe(500);
      expect(await endpoint.posts()).toHaveLength(1);
      await endpoint.waitForPosts(1);
    } finally {
      await other.reset();
      await request.dispose();
    }
  });
});

test('setMountAttributes sets, replaces and creates #yehua data attributes', () => {
  const html = '<body><div class="x" id="yehua" data-endpoint="/old"></div></body>';
  expect(setMountAttributes(html, { endpoint: 'http://a/b?c=1&d="', 'definition-url': '/d.json' })).toBe(
    '<body><div class="x" id="yehua" data-endpoint="http://a/b?c=1&amp;d=&quot;" data-definition-url="/d.json"></div></body>',
  );
  expect(setMountAttributes('<body class="b"><p>x</p></body>', { a: '1' })).toBe(
    '<body class="b"><div id="yehua" data-a="1"></div><p>x</p></body>',
  );
});
