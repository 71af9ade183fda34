import { test, expect, waitForReady } from './helpers';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

test('the built page loads, becomes ready, and logs no console errors', async ({ page, consoleErrors }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await waitForReady(page);
  expect(consoleErrors).toEqual([]);
});

// .ci/trunk_hook.py's release steps (docs/BENCHMARKS.md): wasm-bindgen's long import and export
// names (`__wbg_setAttribute_<16 hex digits>`) are shortened in the wasm and in its glue, and the
// glue is minified; both wasm variants, and the page still works (the test above, and every
// other spec, run on this build).
for (const manifest of ['yehua-app.js', 'yehua-kiosk.js']) {
  test(`the release build ships short wasm names and minified glue (${manifest})`, async ({ page }) => {
    await page.goto('/');
    const found = await page.evaluate(async (name) => {
      const app = await import(`/${name}`);
      const module = await WebAssembly.compileStreaming(fetch(app.wasm));
      const glueName = (await (await fetch(`/${name}`)).text()).match(/glue = new URL\('\.\/([^']+\.js)'/)?.[1];
      const glue = await (await fetch(`/${glueName}`)).text();
      return {
        imports: WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`),
        exports: WebAssembly.Module.exports(module).map((e) => e.name),
        glueLines: glue.split('\n').length,
        glueBytes: glue.length,
      };
    }, manifest);
    expect(found.imports.length).toBeGreaterThan(100);
    expect(found.imports.filter((n) => n.length > 8)).toEqual([]);
    expect(found.exports.filter((n) => n.length > 3)).toEqual([]);
    expect(found.glueLines).toBeLessThan(10);
    expect(found.glueBytes).toBeLessThan(30_000);
  });
}

// .ci/trunk_hook.py `precompress`: every script, stylesheet and wasm the page loads has a zopfli
// `.gz` and a brotli `.br` twin in the release build, and the static server sends a twin as it is
// (like nginx's gzip_static / brotli_static). Chromium asks this 127.0.0.1 server for brotli, so
// what the page received is exactly each file's `.br` twin. Files a deployer may edit (pages,
// consultation.json) have none, so no server can send a stale copy.
test('the page loads each file as its brotli twin from the release build', async ({ page }) => {
  await page.goto('/');
  await waitForReady(page);
  const found = await page.evaluate(async () => {
    const rows = [];
    for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const path = new URL(entry.name).pathname;
      if (!/\.(wasm|js|css)$/.test(path) || entry.decodedBodySize <= 256) continue;
      const twin = await fetch(`${path}.br`, { cache: 'no-store' });
      rows.push({ path, sent: entry.encodedBodySize, twin: twin.ok ? (await twin.arrayBuffer()).byteLength : 0 });
    }
    return rows;
  });
  expect(found.map((r) => r.path).filter((p) => p.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(found.length).toBeGreaterThanOrEqual(5);
  for (const row of found) {
    expect(row.twin, row.path).toBeGreaterThan(0);
    expect(row.sent, row.path).toBe(row.twin);
  }
  for (const editable of ['consultation.json', 'manifest.webmanifest', 'yehua-icon.svg', 'index.html']) {
    for (const suffix of ['.gz', '.br']) {
      expect((await page.request.get(`/${editable}${suffix}`)).status(), `${editable}${suffix}`).toBe(404);
    }
  }
});

// Both twins of the wasm, its glue and the stylesheet: a client that accepts only gzip gets the
// `.gz`, one that accepts brotli the `.br`; each is smaller than the file and unpacks to it.
for (const [encoding, unpack] of [['gzip', gunzipSync], ['br', brotliDecompressSync]] as const) {
  test(`the release build's ${encoding} twins are sent as they are and unpack to their files`, async ({ request, baseURL }) => {
    const get = (path: string, accept: string) => request.get(`${baseURL}/${path}`, { headers: { 'Accept-Encoding': accept } });
    const app = await (await get('yehua-app.js', 'identity')).text();
    const files = ['_bg\\.wasm', '\\.js', '\\.css'].map((end) => app.match(new RegExp(`yehua-[0-9a-f]+${end}`))?.[0]);
    expect(files.every(Boolean), app).toBe(true);
    for (const file of files as string[]) {
      const plain = await (await get(file, 'identity')).body();
      const twin = await (await get(`${file}${encoding === 'br' ? '.br' : '.gz'}`, 'identity')).body();
      const sent = await get(file, encoding);
      expect(sent.headers()['content-encoding'], file).toBe(encoding);
      expect(Number(sent.headers()['content-length']), file).toBe(twin.length);
      expect(twin.length, file).toBeLessThan(plain.length);
      expect(unpack(twin).equals(plain), file).toBe(true);
      expect((await sent.body()).equals(plain), file).toBe(true);
    }
  });
}
