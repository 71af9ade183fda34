/**
 * Shared end-to-end helpers. Import `test` and `expect` from here, not from @playwright/test:
 *
 *   import { test, expect, waitForReady } from './helpers';
 *   test('sends once', async ({ page, endpoint, consoleErrors }) => {
 *     await openWidget(page, { attrs: { endpoint: endpoint.url } });
 *     ...
 *     await endpoint.waitForPosts(1);
 *   });
 *
 * Rules: wait on conditions (expect(...).toBeVisible(), expect.poll, waitForPosts), never on
 * fixed sleeps. Tests run on 2 workers against ONE endpoint server, so each test gets its own
 * path prefix on it (`endpoint.url` / `endpoint.prefix`); modes and resets are scoped to it.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

export { expect };

export const ENDPOINT_URL =
  process.env.YEHUA_ENDPOINT_URL ?? `http://127.0.0.1:${process.env.YEHUA_ENDPOINT_PORT ?? 8787}`;

/** The widget's root carries data-yehua-state; "ready" = the first page is usable. */
export const READY = '[data-yehua-state="ready"]';
/** The first question's input, once ready (the same contract the bench uses). */
export const FIRST_INPUT =
  `${READY} [data-name] input, ${READY} [data-name] select, ${READY} [data-name] textarea`;

/** One request as recorded by tests/endpoint/server.py. */
export interface RecordedRequest {
  seq: number;
  time: string;
  t: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  origin: string | null;
  content_type: string | null;
  idempotency_key: string | null;
  body: string;
  /** body parsed when the content type is JSON (or text/plain holding JSON) */
  json: any;
  /** fields when the content type is application/x-www-form-urlencoded */
  form: Record<string, string | string[]> | null;
  /** preflight | pending | accepted | replayed | status | closed | hanging | delaying | hung | hung-released | redirected */
  outcome: string;
  status: number | null;
  duplicate: boolean;
  response?: { ok: boolean; id: string };
}

export type Mode =
  | { mode: 'ok' }
  | { mode: 'status'; status: number; retry_after?: string | number; times?: number }
  | { mode: 'hang'; seconds?: number; times?: number; then_status?: number; then_retry_after?: string }
  | { mode: 'close'; times?: number }
  | { mode: 'delay'; seconds: number; times?: number }
  | { mode: 'redirect'; status?: number; location?: string; times?: number };

/** Client for the endpoint server's /_control/ API, scoped to one path prefix. */
export class Endpoint {
  constructor(
    private readonly request: APIRequestContext,
    /** e.g. "/t/3f2a…"; every path the widget posts to under it belongs to this test */
    readonly prefix: string,
    readonly base: string = ENDPOINT_URL,
  ) {}

  /** The URL to configure as the widget's submission endpoint. */
  get url(): string {
    return this.urlFor('/submit');
  }

  urlFor(subpath: string): string {
    return `${this.base}${this.prefix}${subpath.startsWith('/') ? '' : '/'}${subpath}`;
  }

  private async control(method: 'GET' | 'POST', name: string, data?: object): Promise<any> {
    const url = `${this.base}/_control/${name}`;
    const res =
      method === 'GET'
        ? await this.request.get(url, { params: { prefix: this.prefix, ...(data as any) } })
        : await this.request.post(url, { data: { prefix: this.prefix, ...data } });
    if (!res.ok()) throw new Error(`endpoint ${method} ${name}: ${res.status()} ${await res.text()}`);
    return res.json();
  }

  /** Forget this test's requests, modes and idempotency keys. */
  async reset(): Promise<void> {
    await this.control('POST', 'reset');
  }

  async mode(mode: Mode): Promise<void> {
    await this.control('POST', 'mode', mode);
  }

  ok() {
    return this.mode({ mode: 'ok' });
  }
  /** Answer the next `times` requests (all, if omitted) with `status` (+ Retry-After). */
  failWith(status: number, opts: { retryAfter?: string | number; times?: number } = {}) {
    return this.mode({ mode: 'status', status, retry_after: opts.retryAfter, times: opts.times });
  }
  /**
   * Hold the next requests open past the client's timeout (released early by reset() or
   * release()). With `thenStatus`, release() answers them with that status instead of 504.
   */
  hang(opts: { seconds?: number; times?: number; thenStatus?: number } = {}) {
    const { thenStatus, ...rest } = opts;
    return this.mode({ mode: 'hang', ...rest, ...(thenStatus === undefined ? {} : { then_status: thenStatus }) });
  }
  /** Answer the requests held open by hang() now (records, modes and keys are kept). */
  async release(): Promise<void> {
    await this.control('POST', 'release');
  }
  /** Close the connection without answering. */
  close(opts: { times?: number } = {}) {
    return this.mode({ mode: 'close', ...opts });
  }
  /** Answer ok, but only after `seconds`. */
  delay(seconds: number, opts: { times?: number } = {}) {
    return this.mode({ mode: 'delay', seconds, ...opts });
  }
  /** Answer with a redirect (default 301) to `location` (default: the path + "/"). */
  redirect(location: string, opts: { status?: number; times?: number } = {}) {
    return this.mode({ mode: 'redirect', location, ...opts });
  }

  /** Everything recorded under this prefix, oldest first (preflights included). */
  async requests(filter: { method?: string } = {}): Promise<RecordedRequest[]> {
    const params: Record<string, string> = {};
    if (filter.method) params.method = filter.method;
    return (await this.control('GET', 'requests', params)).requests;
  }

  /** The POSTs only. */
  posts(): Promise<RecordedRequest[]> {
    return this.requests({ method: 'POST' });
  }

  /** Accepted POSTs, one per Idempotency-Key (what the organisers would see). */
  async submissions(): Promise<RecordedRequest[]> {
    return (await this.control('GET', 'submissions')).submissions;
  }

  /** Wait (polling, no sleeps) until at least `n` POSTs arrived; returns them. */
  async waitForPosts(n: number, opts: { timeout?: number } = {}): Promise<RecordedRequest[]> {
    await expect
      .poll(async () => (await this.posts()).length, {
        timeout: opts.timeout ?? 10_000,
        message: `waiting for ${n} POST(s) under ${this.prefix}`,
      })
      .toBeGreaterThanOrEqual(n);
    return this.posts();
  }

  /** Wait until `n` accepted submissions arrived; returns them. */
  async waitForSubmissions(n: number, opts: { timeout?: number } = {}): Promise<RecordedRequest[]> {
    await expect
      .poll(async () => (await this.submissions()).length, {
        timeout: opts.timeout ?? 10_000,
        message: `waiting for ${n} accepted submission(s) under ${this.prefix}`,
      })
      .toBeGreaterThanOrEqual(n);
    return this.submissions();
  }

  /** Wait until a recorded request satisfies `pred`; returns it. */
  async waitFor(
    pred: (r: RecordedRequest) => boolean,
    opts: { timeout?: number; message?: string } = {},
  ): Promise<RecordedRequest> {
    let found: RecordedRequest | undefined;
    await expect
      .poll(
        async () => {
          found = (await this.requests()).find(pred);
          return found !== undefined;
        },
        { timeout: opts.timeout ?? 10_000, message: opts.message ?? `waiting for a request under ${this.prefix}` },
      )
      .toBe(true);
    return found!;
  }
}

/** Collected console errors and uncaught page errors (as text). */
export type ConsoleErrors = string[];

type Fixtures = {
  endpoint: Endpoint;
  consoleErrors: ConsoleErrors;
};

export const test = base.extend<Fixtures>({
  endpoint: async ({ playwright }, use, testInfo) => {
    // Own request context: independent of the page's baseURL and cookies.
    const request = await playwright.request.newContext();
    const id = `${testInfo.testId}-r${testInfo.retry}-i${testInfo.repeatEachIndex}`;
    const ep = new Endpoint(request, `/t/${id}`);
    await ep.reset();
    await use(ep);
    await ep.reset(); // also frees any request still hanging
    await request.dispose();
  },
  consoleErrors: async ({ page }, use) => {
    const errors: ConsoleErrors = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const loc = msg.location();
        errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
});

/** Wait until the widget says its first page is usable. */
export async function waitForReady(page: Page, opts: { timeout?: number } = {}): Promise<void> {
  await expect(page.locator(READY).first()).toBeAttached({ timeout: opts.timeout ?? 15_000 });
}

/**
 * Set data-* attributes on the mount element `#yehua` in an HTML string (replacing existing
 * ones). `attrs` keys are without the "data-" prefix: { 'definition-url': '/d.json' }.
 */
export function setMountAttributes(html: string, attrs: Record<string, string>): string {
  const re = /<([a-zA-Z][\w-]*)([^>]*?\sid\s*=\s*["']yehua["'][^>]*)>/;
  const m = re.exec(html);
  const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  if (!m) {
    const extra = Object.entries(attrs)
      .map(([k, v]) => ` data-${k}="${esc(v)}"`)
      .join('');
    return html.replace(/<body([^>]*)>/i, (b) => `${b}<div id="yehua"${extra}></div>`);
  }
  let rest = m[2];
  for (const [k, v] of Object.entries(attrs)) {
    const attr = new RegExp(`\\sdata-${k}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s>]*)`, 'i');
    rest = attr.test(rest) ? rest.replace(attr, ` data-${k}="${esc(v)}"`) : `${rest} data-${k}="${esc(v)}"`;
  }
  return html.slice(0, m.index) + `<${m[1]}${rest}>` + html.slice(m.index + m[0].length);
}

/**
 * Open the built page with its mount element configured through data-* attributes, e.g.
 *   await openWidget(page, { attrs: { 'definition-url': '/defs/a.json', endpoint: endpoint.url } });
 * The HTML document is fetched from the static server and rewritten on the way (page.route),
 * so the build itself stays untouched.
 */
export async function openWidget(
  page: Page,
  opts: { path?: string; attrs?: Record<string, string>; waitReady?: boolean } = {},
): Promise<void> {
  const path = opts.path ?? '/';
  const attrs = opts.attrs ?? {};
  if (Object.keys(attrs).length > 0) {
    // A document fulfilled through page.route has no server address, so Chromium (Local
    // Network Access, 142+) counts it as "public" and blocks its fetches to the endpoint on
    // 127.0.0.1 ("Permission was denied for this request to access the `loopback` address
    // space"). A real page on 127.0.0.1 would not need this; grant it so the test is like one.
    await page.context().grantPermissions(['local-network-access']);
    const target = new URL(path, 'http://x').pathname;
    await page.route(
      (url) => url.pathname === target,
      async (route) => {
        if (route.request().resourceType() !== 'document') return route.fallback();
        const res = await route.fetch();
        const body = setMountAttributes(await res.text(), attrs);
        // route.fetch() hands back the decoded body: drop the encoding and length headers
        const headers = { ...res.headers() };
        delete headers['content-encoding'];
        delete headers['content-length'];
        await route.fulfill({ status: res.status(), headers, body });
      },
    );
  }
  await page.goto(path);
  if (opts.waitReady ?? true) await waitForReady(page);
}

/** Serve a JSON document (e.g. a survey definition) at `urlPath` on the page's origin. */
/** Every URL the page requests from now on, in order (the array fills as requests are made). */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

export async function serveJson(page: Page, urlPath: string, data: unknown, status = 200): Promise<void> {
  await page.route(
    (url) => url.pathname === urlPath,
    (route) =>
      route.fulfill({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(data) }),
  );
}

/** Wait until `fn()` returns a truthy value (polling, no sleeps); returns it. */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  opts: { timeout?: number; message?: string } = {},
): Promise<T> {
  let value: T | undefined;
  await expect
    .poll(
      async () => {
        value = await fn();
        return !!value;
      },
      { timeout: opts.timeout ?? 10_000, message: opts.message },
    )
    .toBe(true);
  return value as T;
}

/** The static server the built page comes from (the page's own origin). */
export const STATIC_URL = `http://127.0.0.1:${process.env.YEHUA_E2E_PORT ?? 8700}`;

/**
 * Like openWidget, but without page.route. Whenever a page (or its context) has a route,
 * Playwright answers every CORS preflight itself (204, allowing whatever was asked), so the
 * endpoint's real preflight answer is never exercised. This sets the data-* attributes of
 * `#yehua` from an init script when parsing ends (readyState "interactive", before the
 * widget's deferred module script runs); it applies to reloads too. Give the definition
 * inline (`definition: JSON.stringify(def)`) or serve it with serveSiteFile.
 */
export async function openWidgetUnrouted(
  page: Page,
  opts: { path?: string; attrs?: Record<string, string>; waitReady?: boolean } = {},
): Promise<void> {
  await page.addInitScript((attrs: Record<string, string>) => {
    const apply = () => {
      const el = document.getElementById('yehua');
      if (el) for (const [k, v] of Object.entries(attrs)) el.setAttribute(`data-${k}`, v);
    };
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') apply();
    });
  }, opts.attrs ?? {});
  await page.goto(opts.path ?? '/');
  if (opts.waitReady ?? true) await waitForReady(page);
}

/**
 * Serve a document (JSON, or text) at `urlPath` on the page's own origin through the static
 * server's `POST /_control/file` (no page.route). Use a path unique to the test (e.g. under
 * `/site-files/<testId>/`) and clear it with clearSiteFiles(request, thatPrefix) afterwards.
 */
export async function serveSiteFile(
  request: APIRequestContext,
  urlPath: string,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): Promise<string> {
  const res = await request.post(`${STATIC_URL}/_control/file`, {
    data: { path: urlPath, body: typeof body === 'string' ? body : JSON.stringify(body), content_type: contentType },
  });
  if (!res.ok()) throw new Error(`static server file ${urlPath}: ${res.status()} ${await res.text()}`);
  return urlPath;
}

/** Forget the documents served with serveSiteFile under `prefix`. */
export async function clearSiteFiles(request: APIRequestContext, prefix: string): Promise<void> {
  await request.post(`${STATIC_URL}/_control/reset`, { data: { prefix } });
}

/** The WCAG 2.2 AA rules axe checks. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the whole page and asserts zero violations (and that it checked something). */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe violations in state "${state}"`).toEqual([]);
  expect(results.passes.length, `axe checked nothing in state "${state}"`).toBeGreaterThan(5);
}
