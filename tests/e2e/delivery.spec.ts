// Delivery end to end: real Chromium, the real built widget, the real endpoint process
// (tests/endpoint/server.py). The rule under test: nothing a resident submits is lost or
// silently duplicated. Every scenario makes N submissions through the UI (one-page definition,
// "再填一份" between them) and then, by polling the endpoint's records (no fixed sleeps), checks:
//   - every submission made (= every `yehua.outbox.<id>` the page stored) reached the endpoint
//     at least once, and reached it with an answer that settles it;
//   - the number of DISTINCT Idempotency-Keys received equals the number made (no key the page
//     did not make, none missing). Repeats of a key are allowed (the endpoint deduplicates)
//     but counted and reported.
// A line `[delivery] <scenario> made=… received=… distinct=… duplicates=…` is printed per
// scenario; docs/DELIVERY.md has the table from a run.
//
// Backoff starts at 1–2 s (ceiling 2 s, equal jitter) and doubles, so the scenarios use few
// failures. Run: `cd tests/e2e && npx playwright test delivery`.
import {
  test,
  expect,
  openWidgetUnrouted,
  serveSiteFile,
  clearSiteFiles,
  READY,
  Endpoint,
  type RecordedRequest,
  recordRequests,
} from './helpers';
import type { Page, TestInfo } from '@playwright/test';
import { receiptCodeOf } from './pages/survey';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

test.describe.configure({ mode: 'parallel' });

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'tests/endpoint/server.py');
const readJson = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8'));
const ONE_PAGE = readJson(path.join(__dirname, 'fixtures/delivery-one-page.json'));
const FORMATS = readJson(path.join(__dirname, 'fixtures/delivery-formats.json'));
const SCHEMA = readJson(path.join(ROOT, 'docs/submission.schema.json'));

/** What the widget says (zh-CN), from core/src/i18n.rs. */
const TEXT = {
  sent: '已经成功发送。',
  queued: '暂时连不上网络。意见已经保存，联网后会自动发送，不用再填一次。',
  lastSent: '上次成功发送',
  held: (n: number) => `${n} 份被服务器拒收，需要工作人员处理`,
  receiptHeld: '服务器没有接收这份意见。它已保存在这台设备上，工作人员会处理，您不用再填。',
  storageFull: '设备存储空间已满，请工作人员导出并清除已发送的意见。',
};

const SUGGESTION = `${READY} [data-name="suggestion"] textarea`;
const RECEIPT_STATUS = '.yh-receipt .yh-receipt-status';
const DEVICE_STATUS = '.yh-device-status';

// --- the page -------------------------------------------------------------------------------

/** Where this test's same-origin documents (config files) live on the static server. */
const siteFiles = () => `/site-files/${test.info().testId}`;

test.afterEach(async ({ playwright }) => {
  const request = await playwright.request.newContext();
  await clearSiteFiles(request, siteFiles());
  await request.dispose();
});

/**
 * Opens the widget with the definition inline and `attrs` on #yehua; `config` is served as a
 * same-origin config file (data-config). No page.route anywhere in this spec: with a route,
 * Playwright would answer the CORS preflights itself instead of the endpoint.
 */
async function openDelivery(
  page: Page,
  attrs: Record<string, string>,
  opts: { definition?: unknown; path?: string; config?: unknown } = {},
): Promise<void> {
  const all: Record<string, string> = { definition: JSON.stringify(opts.definition ?? ONE_PAGE), ...attrs };
  if (opts.config !== undefined) {
    all.config = await serveSiteFile(page.context().request, `${siteFiles()}/config.json`, opts.config);
  }
  await openWidgetUnrouted(page, { path: opts.path, attrs: all });
}

interface StoredEntry {
  key: string;
  id: string;
  state: 'pending' | 'held' | 'delivered';
  attempts: number;
  next_attempt_ms: number;
  created_at_ms: number;
  body: string;
  content_type: string;
  status?: number;
  reply?: string;
}

/** The outbox as stored in the page's localStorage (one key per entry). */
async function outbox(page: Page): Promise<StoredEntry[]> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('yehua.outbox.'))
      .map((k) => ({ key: k, ...JSON.parse(localStorage.getItem(k)!) })),
  );
}

/**
 * Fills the one-page form, submits, waits for the receipt and returns the new submission's id.
 * Checks that the entry was stored before (or as) the receipt appeared and that the receipt
 * code is the stored id's.
 */
async function submitOne(page: Page, text: string, fill?: (page: Page) => Promise<void>): Promise<string> {
  const before = new Set((await outbox(page)).map((e) => e.id));
  await page.locator(SUGGESTION).fill(text);
  if (fill) await fill(page);
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.locator('.yh-receipt')).toBeVisible();
  const fresh = (await outbox(page)).filter((e) => !before.has(e.id));
  expect(fresh, 'exactly one new stored entry per submission').toHaveLength(1);
  const id = fresh[0].id;
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  await expect(page.locator('[data-receipt-code]')).toHaveAttribute('data-receipt-code', receiptCodeOf(id));
  return id;
}

/** "再填一份": back to an empty form. */
async function again(page: Page): Promise<void> {
  await page.getByRole('button', { name: '再填一份' }).click();
  await expect(page.locator(SUGGESTION)).toHaveValue('');
}

/** `n` submissions with "再填一份" between them; `after(i, id)` runs on each receipt. */
async function submitMany(
  page: Page,
  n: number,
  label: string,
  after?: (i: number, id: string) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) await again(page);
    const id = await submitOne(page, `${label} 第 ${i + 1} 份：3 号楼前的路灯坏了`);
    ids.push(id);
    if (after) await after(i, id);
  }
  return ids;
}

// --- the endpoint's records -----------------------------------------------------------------

/** True when this answer settles the entry for the widget (delivered or held). */
function settles(r: RecordedRequest): boolean {
  const s = r.status;
  if (s === null) return false;
  if ((s >= 200 && s < 300) || s === 409) return true;
  return s >= 400 && s < 500 && ![408, 425, 429].includes(s);
}

interface Tally {
  made: number;
  received: number;
  distinct: number;
  duplicates: number;
  missing: string[];
  extra: string[];
}

function tally(posts: RecordedRequest[], made: string[]): Tally {
  const madeSet = new Set(made);
  const keys = posts.map((p) => p.idempotency_key ?? `(none #${p.seq})`);
  const distinct = new Set(keys);
  // a repeat that reached storage again: the endpoint answered it as a replay
  const duplicates = posts.filter((p) => p.outcome === 'replayed').length;
  return {
    made: made.length,
    received: keys.filter((k) => madeSet.has(k)).length,
    distinct: distinct.size,
    duplicates,
    missing: made.filter((id) => !distinct.has(id)),
    extra: [...distinct].filter((k) => !madeSet.has(k)),
  };
}

/**
 * Waits until every made id was settled at the endpoint and the page recorded it (no pending
 * entry left), then checks received ⊇ made and distinct keys = made, and reports the counts.
 */
async function expectAllSettled(
  testInfo: TestInfo,
  scenario: string,
  sources: { posts: () => Promise<RecordedRequest[]> }[],
  made: string[],
  pages: Page[],
  opts: { timeout?: number; extra?: string } = {},
): Promise<{ tally: Tally; posts: RecordedRequest[] }> {
  const timeout = opts.timeout ?? 30_000;
  const allPosts = async () => (await Promise.all(sources.map((s) => s.posts()))).flat();
  await expect
    .poll(
      async () => {
        const settled = new Set((await allPosts()).filter(settles).map((p) => p.idempotency_key));
        return made.filter((id) => !settled.has(id));
      },
      { timeout, message: `${scenario}: every submission made reaches the endpoint and is settled` },
    )
    .toEqual([]);
  for (const page of pages) {
    await expect
      .poll(async () => (await outbox(page)).filter((e) => e.state === 'pending').map((e) => e.id), {
        timeout,
        message: `${scenario}: the page recorded every outcome`,
      })
      .toEqual([]);
  }
  const posts = await allPosts();
  const t = tally(posts, made);
  const line =
    `[delivery] ${scenario}: made=${t.made} received=${t.received} distinct=${t.distinct} ` +
    `duplicates=${t.duplicates}${opts.extra ? ` ${opts.extra}` : ''}`;
  console.log(line);
  testInfo.annotations.push({ type: 'delivery', description: JSON.stringify({ scenario, ...t, note: opts.extra ?? '' }) });
  expect(t.missing, `${scenario}: made but never received`).toEqual([]);
  expect(t.extra, `${scenario}: keys the page never made`).toEqual([]);
  expect(t.distinct, `${scenario}: distinct Idempotency-Keys = submissions made`).toBe(made.length);
  expect(t.received).toBeGreaterThanOrEqual(made.length);
  // what the page keeps: one entry per submission made, none pending
  for (const page of pages) {
    const ids = (await outbox(page)).map((e) => e.id).sort();
    expect(ids, `${scenario}: the device keeps every submission`).toEqual([...made].sort());
  }
  return { tally: t, posts };
}

/** POSTs of one key, oldest first. */
const postsOf = (posts: RecordedRequest[], id: string) => posts.filter((p) => p.idempotency_key === id);

// --- a JSON Schema checker for docs/submission.schema.json ----------------------------------

const KNOWN_KEYWORDS = new Set([
  '$schema', '$id', 'title', 'description', 'type', 'required', 'additionalProperties',
  'properties', 'const', 'enum', 'items', 'format',
]);

/** The keywords the schema uses that checkSchema does not know (must be none). */
function unknownKeywords(schema: any, at = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (!KNOWN_KEYWORDS.has(k)) out.push(`${at}.${k}`);
    if (k === 'properties') for (const [pk, pv] of Object.entries(v as object)) out.push(...unknownKeywords(pv, `${at}.properties.${pk}`));
    if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out.push(...unknownKeywords(v, `${at}.${k}`));
  }
  return out;
}

function checkSchema(schema: any, value: any, at = '$'): string[] {
  const errs: string[] = [];
  const kind = (v: any) =>
    Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v;
  if (schema.type !== undefined) {
    const types: string[] = [].concat(schema.type);
    const k = kind(value);
    if (!types.some((t) => t === k || (t === 'number' && k === 'integer'))) errs.push(`${at}: ${k}, expected ${types.join('|')}`);
  }
  if ('const' in schema && value !== schema.const) errs.push(`${at}: ${JSON.stringify(value)} ≠ const ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errs.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (schema.format === 'date-time' && typeof value === 'string' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value))
    errs.push(`${at}: not a date-time: ${value}`);
  if (kind(value) === 'object') {
    for (const r of schema.required ?? []) if (!(r in value)) errs.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties?.[k]) errs.push(...checkSchema(schema.properties[k], v, `${at}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${at}.${k}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') errs.push(...checkSchema(schema.additionalProperties, v, `${at}.${k}`));
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errs.push(...checkSchema(schema.items, v, `${at}[${i}]`)));
  return errs;
}

// --- a second endpoint process (to stop and restart) ----------------------------------------

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

class OwnServer {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get base() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn('python3', [SERVER, '--port', String(this.port)], { stdio: 'ignore' });
    await expect
      .poll(
        async () => {
          try {
            return (await fetch(`${this.base}/_control/health`)).ok;
          } catch {
            return false;
          }
        },
        { timeout: 10_000, message: `endpoint on :${this.port} up` },
      )
      .toBe(true);
  }
  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((resolve) => p.once('exit', resolve));
    p.kill('SIGTERM');
    await exited;
  }
}

// --- scenarios ------------------------------------------------------------------------------

test.describe('delivery', () => {
  test('all OK: every receipt says sent, the status shows the last send, JSON bodies match the schema', async ({
    page,
    endpoint,
    consoleErrors,
  }, testInfo) => {
    await openDelivery(page, { endpoint: endpoint.url });
    const made = await submitMany(page, 4, 'ok', async () => {
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    });
    const { posts } = await expectAllSettled(testInfo, 'all OK', [endpoint], made, [page]);
    await expect(page.locator(DEVICE_STATUS)).toContainText(TEXT.lastSent);
    await expect(page.locator(DEVICE_STATUS)).toHaveAttribute('data-pending', '0');
    await expect(page.locator(DEVICE_STATUS)).toHaveAttribute('data-held', '0');
    await expect(page.locator('.yh-device-count')).toHaveAttribute('data-count', String(made.length));
    expect(posts.map((p) => p.status)).toEqual(made.map(() => 201));
    // real CORS: the endpoint itself answered a preflight before every POST (Max-Age: 0)
    const preflights = (await endpoint.requests()).filter((r) => r.method === 'OPTIONS');
    expect(preflights.length).toBe(posts.length);
    expect(preflights.every((p) => /idempotency-key/i.test(p.headers['Access-Control-Request-Headers'] ?? ''))).toBe(true);
    for (const p of posts) {
      expect(p.content_type).toBe('application/json');
      expect(p.json.id).toBe(p.idempotency_key);
      expect(checkSchema(SCHEMA, p.json)).toEqual([]);
    }
    expect((await outbox(page)).every((e) => e.state === 'delivered')).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  test('500 once, then OK: retried and delivered', async ({ page, endpoint }, testInfo) => {
    await endpoint.failWith(500, { times: 1 });
    await openDelivery(page, { endpoint: endpoint.url });
    const made = await submitMany(page, 3, '500');
    const { posts } = await expectAllSettled(testInfo, '500 then OK', [endpoint], made, [page]);
    expect(posts.filter((p) => p.status === 500)).toHaveLength(1);
    const failed = posts.find((p) => p.status === 500)!.idempotency_key!;
    expect(postsOf(posts, failed).map((p) => p.status)).toEqual([500, 201]);
  });

  test('503 twice with Retry-After: 3: retried no sooner than asked, then delivered', async ({ page, endpoint }, testInfo) => {
    await endpoint.failWith(503, { retryAfter: 3, times: 2 });
    await openDelivery(page, { endpoint: endpoint.url });
    const made = await submitMany(page, 3, '503');
    const { posts } = await expectAllSettled(testInfo, '503 ×2 (Retry-After: 3)', [endpoint], made, [page]);
    const refused = posts.filter((p) => p.status === 503);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      // The whole endpoint waits, not just the refused submission: whatever is sent next.
      const next = posts.find((p) => p.seq > r.seq)!;
      expect(next.t - r.t, 'Retry-After: 3 honoured (beyond the 1–2 s backoff)').toBeGreaterThanOrEqual(2.95);
    }
  });

  test('429 with Retry-After: 1: waits at least a second, then delivered', async ({ page, endpoint }, testInfo) => {
    await endpoint.failWith(429, { retryAfter: 1, times: 1 });
    await openDelivery(page, { endpoint: endpoint.url });
    const made = await submitMany(page, 3, '429');
    const { posts } = await expectAllSettled(testInfo, '429 (Retry-After: 1)', [endpoint], made, [page]);
    const limited = posts.find((p) => p.status === 429)!;
    const retry = postsOf(posts, limited.idempotency_key!).find((p) => p.seq > limited.seq)!;
    expect(retry.status).toBe(201);
    expect(retry.t - limited.t).toBeGreaterThanOrEqual(0.95);
  });

  test('400: held with its status, visible, kept on the device, never re-sent, never lost', async ({
    page,
    endpoint,
  }, testInfo) => {
    await endpoint.failWith(400, { times: 1 });
    await openDelivery(page, { endpoint: endpoint.url });
    const held = await submitOne(page, 'held 第 1 份');
    await expect(page.locator(`${DEVICE_STATUS}[data-held="1"]`)).toBeVisible();
    await expect(page.locator('.yh-device-held')).toHaveText(new RegExp(TEXT.held(1)));
    await expect(page.locator(RECEIPT_STATUS)).not.toHaveText(TEXT.sent);
    await again(page);
    const rest = await submitMany(page, 2, 'after-held', async () => {
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    });
    // a reload starts a new runner over the same storage: the held entry still stays put
    await page.reload();
    await expect(page.locator(READY)).toBeAttached();
    await expect(page.locator(`${DEVICE_STATUS}[data-held="1"]`)).toBeVisible();
    const last = await submitOne(page, 'after-reload');
    await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    const made = [held, ...rest, last];
    const { posts } = await expectAllSettled(testInfo, '400 → held', [endpoint], made, [page], {
      extra: 'held=1 (sent once, kept)',
    });
    expect(postsOf(posts, held).map((p) => p.status), 'the held one was sent once, never again').toEqual([400]);
    const entry = (await outbox(page)).find((e) => e.id === held)!;
    expect(entry).toMatchObject({ state: 'held', status: 400, attempts: 1 });
    expect(entry.reply).toContain('Bad Request');
    expect(JSON.parse(entry.body).id).toBe(held);
    await expect(page.locator('.yh-device-count')).toHaveAttribute('data-count', String(made.length));
    await expect(page.locator(DEVICE_STATUS)).toHaveAttribute('data-pending', '0');
  });

  test('409: the endpoint already has it, so it counts as delivered', async ({ page, endpoint }, testInfo) => {
    await endpoint.failWith(409, { times: 1 });
    await openDelivery(page, { endpoint: endpoint.url });
    const made = await submitMany(page, 3, '409', async () => {
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    });
    const { posts } = await expectAllSettled(testInfo, '409 → delivered', [endpoint], made, [page]);
    expect(posts.map((p) => p.status)).toEqual([409, 201, 201]);
    expect((await outbox(page)).every((e) => e.state === 'delivered')).toBe(true);
  });

  test('hang past timeoutMs 2000 (config file): abandoned, retried, delivered', async ({ page, endpoint }, testInfo) => {
    await endpoint.hang({ seconds: 30, times: 1 });
    await openDelivery(page, {}, { config: { endpoint: { url: endpoint.url, timeoutMs: 2000 } } });
    const made = await submitMany(page, 3, 'hang');
    const { posts } = await expectAllSettled(testInfo, 'hang > timeoutMs 2000', [endpoint], made, [page]);
    const hung = posts.find((p) => p.outcome.startsWith('hung') || p.outcome === 'hanging')!;
    expect(hung.idempotency_key).toBe(made[0]);
    const retry = postsOf(posts, hung.idempotency_key!).find((p) => p.seq > hung.seq)!;
    expect(retry.status).toBe(201);
    const gap = retry.t - hung.t;
    expect(gap, '2 s timeout + at least 1 s backoff').toBeGreaterThanOrEqual(2.8);
    expect(gap, 'the configured 2 s, not the 15 s default').toBeLessThan(10);
  });

  test('connection closed without an answer: retried, delivered', async ({ page, endpoint }, testInfo) => {
    await endpoint.close({ times: 1 });
    await openDelivery(page, { endpoint: endpoint.url });
    const made = await submitMany(page, 3, 'close');
    const { posts } = await expectAllSettled(testInfo, 'connection closed', [endpoint], made, [page]);
    const closed = posts.find((p) => p.outcome === 'closed')!;
    expect(postsOf(posts, closed.idempotency_key!).map((p) => p.outcome)).toEqual(['closed', 'accepted']);
  });

  test('endpoint process stopped, then restarted: the queued ones are delivered', async ({ page, playwright }, testInfo) => {
    const server = new OwnServer(await freePort());
    const request = await playwright.request.newContext();
    try {
      await server.start();
      const ep = new Endpoint(request, `/t/stopped-${testInfo.testId}`, server.base);
      await openDelivery(page, { endpoint: ep.url });
      const first = await submitOne(page, 'stopped 第 1 份');
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
      const before = await ep.posts();
      await server.stop();
      const down: string[] = [];
      for (let i = 0; i < 2; i++) {
        await again(page);
        down.push(await submitOne(page, `stopped 第 ${i + 2} 份（服务器停了）`));
        await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.queued);
      }
      await expect(page.locator(`${DEVICE_STATUS}[data-pending="2"]`)).toBeVisible();
      await server.start(); // same port, empty records
      const made = [first, ...down];
      const { posts } = await expectAllSettled(
        testInfo,
        'endpoint stopped, restarted',
        [{ posts: async () => before }, ep],
        made,
        [page],
        { extra: '(refused connections are not received)' },
      );
      expect(posts.filter((p) => p.status === 201)).toHaveLength(3);
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    } finally {
      await server.stop();
      await request.dispose();
    }
  });

  test('browser offline at submit: saved and said so; back online: delivered', async ({ page, context, endpoint }, testInfo) => {
    await openDelivery(page, { endpoint: endpoint.url });
    const first = await submitOne(page, 'offline 第 1 份');
    await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    await context.setOffline(true);
    const offline: string[] = [];
    for (let i = 0; i < 2; i++) {
      await again(page);
      offline.push(await submitOne(page, `offline 第 ${i + 2} 份（没网）`));
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.queued);
    }
    await expect(page.locator(`${DEVICE_STATUS}[data-pending="2"]`)).toBeVisible();
    expect((await endpoint.posts()).map((p) => p.idempotency_key)).toEqual([first]);
    await page.evaluate(() => {
      (window as any).__onlineEvents = 0;
      window.addEventListener('online', () => (window as any).__onlineEvents++);
    });
    await context.setOffline(false);
    // the runner listens to this event
    await expect.poll(() => page.evaluate(() => (window as any).__onlineEvents)).toBe(1);
    const made = [first, ...offline];
    await expectAllSettled(testInfo, 'offline at submit', [endpoint], made, [page]);
    await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
  });

  test(
    'back online: the `online` event sends at once instead of waiting out the backoff',
    async ({ page, context, endpoint }) => {
      await openDelivery(page, { endpoint: endpoint.url });
      await context.setOffline(true);
      const id = await submitOne(page, 'online event');
      // two failures: the next attempt is 2–4 s away
      const entry = await expect
        .poll(async () => (await outbox(page)).find((e) => e.id === id)?.attempts ?? 0, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(2)
        .then(async () => (await outbox(page)).find((e) => e.id === id)!);
      await context.setOffline(false);
      const post = await endpoint.waitFor((p) => p.idempotency_key === id && p.status === 201, { timeout: 15_000 });
      expect(post.t * 1000, 'sent on `online`, well before the backoff ran out').toBeLessThan(entry.next_attempt_ms - 1000);
    },
  );

  test('page reloaded mid-send: the interrupted one is delivered at once by the reloaded page', async ({ page, endpoint }, testInfo) => {
    test.setTimeout(90_000);
    await endpoint.hang({ seconds: 60, times: 1 });
    await openDelivery(page, { endpoint: endpoint.url });
    const first = await submitOne(page, 'reload 第 1 份（发送中刷新）');
    await endpoint.waitFor((p) => p.idempotency_key === first && p.outcome === 'hanging');
    const leased = (await outbox(page)).find((e) => e.id === first)!;
    expect(leased.state).toBe('pending');
    await page.reload();
    await expect(page.locator(READY)).toBeAttached();
    // The interrupted one goes at once after the reload: nothing is left pending.
    await expect(page.locator(`${DEVICE_STATUS}[data-pending="0"]`)).toBeVisible();
    const rest = await submitMany(page, 2, 'reload-after', async () => {
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    });
    const made = [first, ...rest];
    const { posts } = await expectAllSettled(testInfo, 'reload mid-send', [endpoint], made, [page], { timeout: 50_000 });
    const sends = postsOf(posts, first);
    expect(sends[0].outcome).toMatch(/^(hanging|hung|hung-released)$/);
    // The request the reload cut off was never answered: not a failed attempt, so no backoff.
    expect((await outbox(page)).find((e) => e.id === first)!.attempts, 'only the answered send counts').toBe(1);
    const delivered = sends.find((p) => p.status === 201)!;
    const wait = delivered.t * 1000 - leased.created_at_ms;
    testInfo.annotations.push({ type: 'reload-delay-ms', description: String(Math.round(wait)) });
    // The reloaded page holds the Web Lock every sender takes, so the interrupted send's lease
    // (CLAIM_MS, 30 s) is stale: it sends again at once, with the same key.
    expect(wait, 'well before the 30 s lease would have ended').toBeLessThan(20_000);
    console.log(
      `[delivery] reload mid-send: interrupted one delivered ${(wait / 1000).toFixed(1)} s after submit ` +
        `(lease until +${((leased.next_attempt_ms - leased.created_at_ms) / 1000).toFixed(1)} s)`,
    );
  });

  test('two tabs of one origin with pending entries: no extra ids, duplicates counted', async ({
    context,
    endpoint,
  }, testInfo) => {
    test.setTimeout(60_000);
    await endpoint.failWith(503);
    const a = await context.newPage();
    const b = await context.newPage();
    await openDelivery(a, { endpoint: endpoint.url });
    await openDelivery(b, { endpoint: endpoint.url });
    const made = [...(await submitMany(a, 2, 'tab A')), ...(await submitMany(b, 2, 'tab B'))];
    // both tabs see all four pending (one storage), and each tab has tried
    for (const p of [a, b]) await expect(p.locator(`${DEVICE_STATUS}[data-pending="4"]`)).toBeVisible();
    await expect.poll(async () => (await endpoint.posts()).length).toBeGreaterThanOrEqual(4);
    // a third tab arrives while they are all pending, then the endpoint recovers
    const c = await context.newPage();
    await openDelivery(c, { endpoint: endpoint.url });
    await endpoint.ok();
    const { tally: t, posts } = await expectAllSettled(testInfo, 'three tabs, pending, then OK', [endpoint], made, [a, b, c], {
      timeout: 40_000,
    });
    const accepted = posts.filter((p) => p.status === 201);
    testInfo.annotations.push({ type: 'two-tabs-duplicates', description: String(t.duplicates) });
    expect(accepted.length - t.duplicates, 'one first acceptance per submission').toBe(made.length);
    for (const p of [a, b, c]) await expect(p.locator(`${DEVICE_STATUS}[data-pending="0"]`)).toBeVisible();
  });

  test('307: redirects are not followed; the submission is held for staff with the reason, never lost', async ({ page, endpoint }) => {
    // Yehua never follows a redirect (a followed 301/302/303 turns the POST into a GET whose 2xx
    // would look like a delivery); a redirected endpoint is a configuration for staff to fix.
    await endpoint.redirect(endpoint.urlFor('/moved'), { status: 307, times: 1 });
    await openDelivery(page, { endpoint: endpoint.url });
    const [id] = await submitMany(page, 1, '307');
    await expect.poll(async () => (await outbox(page)).find((e) => e.id === id)?.state).toBe('held');
    const posts = await endpoint.posts();
    expect(posts.filter((p) => p.idempotency_key === id).map((p) => [p.status, p.path])).toEqual([
      [307, `${endpoint.prefix}/submit`],
    ]);
    await expect(page.locator(`${DEVICE_STATUS}[data-held="1"]`)).toBeVisible();
  });

  test(
    '301 to another URL: the submission is not marked delivered on a GET that stored nothing',
    async ({ page, endpoint }) => {
      await endpoint.redirect(endpoint.urlFor('/moved'), { status: 301, times: 1 });
      await openDelivery(page, { endpoint: endpoint.url });
      const made = await submitMany(page, 2, '301');
      await expect.poll(async () => (await outbox(page)).filter((e) => e.state === 'pending').length).toBe(0);
      const posts = await endpoint.posts();
      const entries = await outbox(page);
      for (const id of made) {
        const stored = posts.some((p) => p.idempotency_key === id && p.status !== null && ((p.status >= 200 && p.status < 300) || p.status === 409));
        const held = entries.find((e) => e.id === id)?.state === 'held';
        expect(stored || held, `${id}: stored by a POST, or held for staff`).toBe(true);
      }
    },
  );

  test(
    'a held submission: the receipt does not promise automatic sending',
    async ({ page, endpoint }) => {
      await endpoint.failWith(422, { times: 1 });
      await openDelivery(page, { endpoint: endpoint.url });
      await submitOne(page, 'held receipt');
      await expect(page.locator(`${DEVICE_STATUS}[data-held="1"]`)).toBeVisible();
      await expect(page.locator(RECEIPT_STATUS)).not.toHaveText(TEXT.queued);
      await expect(page.locator(RECEIPT_STATUS)).not.toHaveText(TEXT.sent);
    },
  );

  test('format json: the stored payload, valid against docs/submission.schema.json', async ({ page, endpoint, consoleErrors }, testInfo) => {
    expect(unknownKeywords(SCHEMA), 'the checker knows every keyword the schema uses').toEqual([]);
    expect(checkSchema(SCHEMA, { schema: 'yehua.submission/1' }).length, 'the checker catches missing fields').toBeGreaterThan(0);
    await openDelivery(page, { endpoint: endpoint.url, device: 'kiosk-3' }, { definition: FORMATS });
    const made: string[] = [];
    made.push(await submitOne(page, '路灯 & 电梯 a+b=c', fillFormats));
    await again(page);
    made.push(await submitOne(page, '第二份'));
    const { posts } = await expectAllSettled(testInfo, 'format json', [endpoint], made, [page]);
    for (const p of posts) {
      expect(p.content_type).toBe('application/json');
      expect(checkSchema(SCHEMA, p.json)).toEqual([]);
      const stored = (await outbox(page)).find((e) => e.id === p.idempotency_key)!;
      expect(p.body, 'json passes the stored payload through').toBe(stored.body);
    }
    const full = posts.find((p) => p.idempotency_key === made[0])!.json;
    expect(full).toMatchObject({
      schema: 'yehua.submission/1',
      id: made[0],
      consultation: { id: 'delivery-formats', version: '3' },
      locale: 'zh-CN',
      device: 'kiosk-3',
      answers: {
        suggestion: { value: '路灯 & 电梯 a+b=c', intent: 'suggestion' },
        needs: { value: ['parking', 'other'], other: '楼道灯=亮 & 电梯', intent: 'need' },
        category: { value: 'street light' },
        volunteer: { value: true, intent: 'skill' },
      },
    });
    expect(consoleErrors).toEqual([]);
  });

  test('format form (config file): fields parsed by the endpoint', async ({ page, endpoint, consoleErrors }, testInfo) => {
    await openDelivery(page, {}, { definition: FORMATS, config: { endpoint: { url: endpoint.url, format: 'form' } } });
    const made = [await submitOne(page, '路灯 & 电梯 a+b=c', fillFormats)];
    await again(page);
    made.push(await submitOne(page, '第二份'));
    const { posts } = await expectAllSettled(testInfo, 'format form', [endpoint], made, [page]);
    for (const p of posts) {
      expect(p.content_type).toBe('application/x-www-form-urlencoded;charset=UTF-8');
      expect(p.form!.submission_id).toBe(p.idempotency_key);
    }
    expect(posts.find((p) => p.idempotency_key === made[0])!.form).toMatchObject({
      submission_id: made[0],
      consultation_id: 'delivery-formats',
      consultation_version: '3',
      locale: 'zh-CN',
      suggestion: '路灯 & 电梯 a+b=c',
      needs: ['parking', 'other'],
      'needs-Comment': '楼道灯=亮 & 电梯',
      category: 'street light',
      volunteer: 'true',
    });
    expect(consoleErrors).toEqual([]);
  });

  test(
    'format form (data-endpoint-format attribute): the attribute is read',
    async ({ page, endpoint }, testInfo) => {
      await openDelivery(page, { endpoint: endpoint.url, 'endpoint-format': 'form' }, { definition: FORMATS });
      const made = [await submitOne(page, '路灯 & 电梯 a+b=c', fillFormats)];
      const { posts } = await expectAllSettled(testInfo, 'format form (attribute)', [endpoint], made, [page]);
      expect(posts[0].content_type).toBe('application/x-www-form-urlencoded;charset=UTF-8');
      expect(posts[0].form).toMatchObject({ submission_id: made[0], needs: ['parking', 'other'] });
    },
  );

  test('format open311 (config file): service_code, description, attributes parsed by the endpoint', async ({
    page,
    endpoint,
    consoleErrors,
  }, testInfo) => {
    await openDelivery(
      page,
      {},
      {
        definition: FORMATS,
        config: {
          endpoint: {
            url: endpoint.url,
            format: 'open311',
            headers: { 'X-Api-Key': 'test-key-1' },
            open311: { serviceCodes: { suggestion: 'S-100', need: 'N-200' }, jurisdictionId: 'heping.example' },
          },
        },
      },
    );
    const made = [await submitOne(page, '路灯 & 电梯 a+b=c', fillFormats)];
    await again(page);
    made.push(await submitOne(page, '第二份'));
    const { posts } = await expectAllSettled(testInfo, 'format open311', [endpoint], made, [page]);
    for (const p of posts) {
      expect(p.content_type).toBe('application/x-www-form-urlencoded;charset=UTF-8');
      expect(p.headers['X-Api-Key'] ?? p.headers['x-api-key']).toBe('test-key-1');
      expect(p.form!['attribute[yehua_submission_id]']).toBe(p.idempotency_key);
    }
    expect(posts.find((p) => p.idempotency_key === made[0])!.form).toMatchObject({
      service_code: 'S-100',
      jurisdiction_id: 'heping.example',
      description: '路灯 & 电梯 a+b=c',
      'attribute[yehua_consultation]': 'delivery-formats',
      'attribute[suggestion]': '路灯 & 电梯 a+b=c',
      'attribute[needs]': 'parking; other',
      'attribute[needs-Comment]': '楼道灯=亮 & 电梯',
      'attribute[category]': 'street light',
      'attribute[volunteer]': 'true',
    });
    // the preflight asked for the extra header, and the endpoint allowed it
    const preflights = (await endpoint.requests()).filter((r) => r.method === 'OPTIONS');
    expect(preflights.length).toBeGreaterThanOrEqual(made.length);
    for (const p of preflights) {
      const asked = (p.headers['Access-Control-Request-Headers'] ?? '').toLowerCase().split(/,\s*/).sort();
      // the form content type is CORS-safelisted: only our two headers need the preflight
      expect(asked).toEqual(['idempotency-key', 'x-api-key']);
      expect(p.headers['Access-Control-Request-Method']).toBe('POST');
    }
    expect(consoleErrors).toEqual([]);
  });

  test('the query string cannot set the endpoint: ?endpoint=… is ignored', async ({ page, endpoint }, testInfo) => {
    const seen = recordRequests(page);
    await openDelivery(page, { endpoint: endpoint.url }, { path: '/?endpoint=http://127.0.0.1:9/evil&endpoint-format=form&config=/evil.json' });
    const made = await submitMany(page, 2, 'query', async () => {
      await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.sent);
    });
    const { posts } = await expectAllSettled(testInfo, 'query string ignored', [endpoint], made, [page]);
    expect(posts.every((p) => p.path === `${endpoint.prefix}/submit` && p.content_type === 'application/json')).toBe(true);
    const evil = seen.filter((u) => {
      const url = new URL(u);
      return url.host === '127.0.0.1:9' || url.pathname.includes('evil');
    });
    expect(evil, 'nothing requested from the query string\'s endpoint or config').toEqual([]);
    expect(seen.filter((u) => u.startsWith(endpoint.url)).length).toBeGreaterThanOrEqual(2);
  });
});

// --- a device whose storage is full ---------------------------------------------------------

const FILLER = 'yh-e2e-filler-';

/**
 * Fills the page's localStorage to the brim with filler keys: afterwards not one more UTF-16
 * code unit fits (a value that grows by one is refused), so every outbox entry that grows when
 * its outcome is written cannot be written. Returns the number of filler keys.
 */
async function fillStorage(page: Page): Promise<number> {
  return page.evaluate((prefix) => {
    const fits = (key: string, value: string) => {
      try {
        localStorage.setItem(key, value);
        return true;
      } catch {
        return false;
      }
    };
    let n = 0;
    for (let size = 1 << 20; size >= 1; ) {
      if (fits(`${prefix}${n}`, 'x'.repeat(size))) n++;
      else size >>= 1;
    }
    const last = `${prefix}${n - 1}`;
    let value = localStorage.getItem(last) ?? '';
    for (let step = 256; step >= 1; ) {
      if (fits(last, value + 'x'.repeat(step))) value += 'x'.repeat(step);
      else step >>= 1;
    }
    return n;
  }, FILLER);
}

/** Removes the filler: staff exported and cleared, the device has room again. */
async function emptyFiller(page: Page): Promise<void> {
  await page.evaluate((prefix) => {
    for (const k of Object.keys(localStorage).filter((k) => k.startsWith(prefix))) localStorage.removeItem(k);
  }, FILLER);
}

test.describe('delivery under pressure', () => {
  test('full device, expired API key (401): each queued submission is sent once and held, never resent; staff see storage full', async ({
    page,
    endpoint,
  }) => {
    test.setTimeout(60_000);
    await endpoint.failWith(401);
    await openDelivery(page, { endpoint: endpoint.url });
    // Two submissions a kiosk still holds, then storage full: neither a lease nor a held state
    // fits, so storage keeps them pending and due whatever happens.
    const queued = await page.evaluate((url) => {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const id = crypto.randomUUID().replace(/-/g, '');
        const now = Date.now() - 60_000 + i;
        const body = JSON.stringify({ schema: 'yehua.submission/1', id, createdAtMs: now, answers: {} });
        localStorage.setItem(
          `yehua.outbox.${id}`,
          JSON.stringify({ id, created_at_ms: now, content_type: 'application/json', body, attempts: 0, next_attempt_ms: now, endpoint: url, state: 'pending' }),
        );
        ids.push(id);
      }
      return ids;
    }, endpoint.url);
    await fillStorage(page);
    await page.reload();
    await expect(page.locator(READY)).toBeAttached();
    await expect(page.locator(`${DEVICE_STATUS}[data-held="2"]`)).toBeVisible();
    await expect(page.locator('.yh-device-full')).toHaveText(TEXT.storageFull);
    // Then staff make room and the key is fixed: a new submission goes out. The runner sends in
    // order, one batch after another, so any resend made meanwhile came before it (before the
    // fix, the two were resent about four times a second all along). The policy over ten
    // minutes of fake time: core/tests/outbox.rs.
    await emptyFiller(page);
    await endpoint.ok();
    const fresh = await submitOne(page, 'after the clean-up');
    await endpoint.waitFor((p) => p.idempotency_key === fresh && p.status === 201);
    const posts = await endpoint.posts();
    for (const id of queued) expect(postsOf(posts, id).map((p) => p.status), `${id}: sent once, held`).toEqual([401]);
    // With room again, the held state this page kept in memory reaches storage.
    await expect
      .poll(async () => (await outbox(page)).filter((e) => queued.includes(e.id)).map((e) => [e.state, e.status]))
      .toEqual([['held', 401], ['held', 401]]);
    await expect(page.locator('.yh-device-full')).toHaveCount(0);
  });

  test('full device, a refusal (400): the receipt says it waits for staff, and it is never resent', async ({ page, endpoint }) => {
    test.setTimeout(60_000);
    await endpoint.hang({ seconds: 60, times: 1, thenStatus: 400 });
    await openDelivery(page, { endpoint: endpoint.url });
    const id = await submitOne(page, 'refused while storage is full');
    await endpoint.waitFor((p) => p.idempotency_key === id && p.outcome === 'hanging');
    await fillStorage(page);
    await endpoint.failWith(400);
    await endpoint.release();
    await expect(page.locator(RECEIPT_STATUS)).toHaveText(TEXT.receiptHeld);
    await expect(page.locator(`${DEVICE_STATUS}[data-held="1"]`)).toBeVisible();
    await expect(page.locator('.yh-device-full')).toHaveText(TEXT.storageFull);
    expect((await outbox(page)).find((e) => e.id === id)?.state, 'storage could not take it').toBe('pending');
    await emptyFiller(page);
    await endpoint.ok();
    await again(page);
    const fresh = await submitOne(page, 'after the clean-up');
    await endpoint.waitFor((p) => p.idempotency_key === fresh && p.status === 201);
    expect(postsOf(await endpoint.posts(), id).map((p) => p.status), 'sent once, never again').toEqual([400]);
    await expect.poll(async () => (await outbox(page)).find((e) => e.id === id)?.state, 'written once there is room').toBe('held');
  });

  test('503 with Retry-After: submissions made meanwhile, in this tab and another, wait for the time asked', async ({
    context,
    endpoint,
  }, testInfo) => {
    test.setTimeout(60_000);
    await endpoint.failWith(503, { retryAfter: 4, times: 1 });
    const [a, b] = [await context.newPage(), await context.newPage()];
    await openDelivery(a, { endpoint: endpoint.url });
    await openDelivery(b, { endpoint: endpoint.url });
    const first = await submitOne(a, 'Retry-After 第 1 份');
    const refused = await endpoint.waitFor((p) => p.idempotency_key === first && p.status === 503);
    await expect.poll(async () => (await outbox(a)).find((e) => e.id === first)?.attempts).toBe(1);
    await again(a);
    const sameTab = await submitOne(a, 'Retry-After 第 2 份（同一个标签页）');
    const otherTab = await submitOne(b, 'Retry-After 第 3 份（另一个标签页）');
    const made = [first, sameTab, otherTab];
    const { posts } = await expectAllSettled(testInfo, '503 Retry-After: 4, then two more', [endpoint], made, [a, b]);
    for (const id of made) {
      const firstPost = postsOf(posts, id).find((p) => p.seq > refused.seq)!;
      expect(firstPost.t - refused.t, `${id}: not before the 4 s the endpoint asked for`).toBeGreaterThanOrEqual(3.95);
    }
    expect(postsOf(posts, sameTab)).toHaveLength(1);
    expect(postsOf(posts, otherTab)).toHaveLength(1);
  });

  test('a tab closed while sending: another open tab sends it within 5 s, same key', async ({ context, endpoint }, testInfo) => {
    test.setTimeout(60_000);
    const b = await context.newPage();
    await openDelivery(b, { endpoint: endpoint.url });
    const a = await context.newPage();
    await openDelivery(a, { endpoint: endpoint.url });
    await endpoint.hang({ seconds: 60, times: 1 });
    const id = await submitOne(a, '发送中关掉的标签页');
    await endpoint.waitFor((p) => p.idempotency_key === id && p.outcome === 'hanging');
    const closedAt = Date.now() / 1000;
    await a.close();
    const resent = await endpoint.waitFor((p) => p.idempotency_key === id && p.status === 201, {
      timeout: 5_000,
      message: 'the other tab sends it within 5 s',
    });
    testInfo.annotations.push({ type: 'closed-tab-pickup-ms', description: String(Math.round((resent.t - closedAt) * 1000)) });
    expect(resent.t - closedAt).toBeLessThan(5);
    const { tally: t } = await expectAllSettled(testInfo, 'tab closed mid-send', [endpoint], [id], [b]);
    expect(t.distinct).toBe(1);
  });
});

/** Fills the extra questions of the formats fixture. */
async function fillFormats(page: Page): Promise<void> {
  const needs = page.locator(`${READY} [data-name="needs"]`);
  await needs.getByLabel('parking').check();
  await needs.getByLabel('其他').check();
  await needs.getByLabel('请说明').fill('楼道灯=亮 & 电梯');
  await page.locator(`${READY} [data-name="category"] input`).fill('street light');
  await page.locator(`${READY} [data-name="volunteer"]`).getByLabel('是').check();
}
