import { test, expect, waitForReady } from './helpers';

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
      const glueName = (await (await fetch(`/${name}`)).text()).match(/from '\.\/([^']+\.js)'/)?.[1];
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

// .ci/trunk_hook.py `precompress`: every file the page loads but the HTML has a zopfli `.gz`
// twin in the release build, and the static server (like nginx's gzip_static) sends that twin:
// what arrives is exactly the twin's bytes, and they unpack to the file itself.
test('the release build ships a .gz twin of each file the page loads, and the server sends it', async ({ page }) => {
  await page.goto('/');
  await waitForReady(page);
  const found = await page.evaluate(async () => {
    const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer());
    const rows = [];
    for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const path = new URL(entry.name).pathname;
      if (!/\.(wasm|js|css|json|svg)$/.test(path) || entry.decodedBodySize <= 256) continue;
      const twin = await fetch(`${path}.gz`, { cache: 'no-store' });
      const gz = twin.ok ? await bytes(twin) : new Uint8Array();
      const plain = await bytes(await fetch(path, { cache: 'no-store' }));
      const unpacked = twin.ok
        ? await bytes(new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))))
        : new Uint8Array();
      rows.push({
        path,
        twin: gz.length,
        sent: entry.encodedBodySize,
        smaller: gz.length < plain.length,
        same: unpacked.length === plain.length && unpacked.every((b, i) => b === plain[i]),
      });
    }
    return rows;
  });
  expect(found.map((r) => r.path).filter((p) => p.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(found.length).toBeGreaterThanOrEqual(5);
  for (const row of found) {
    expect(row, row.path).toMatchObject({ sent: row.twin, smaller: true, same: true });
    expect(row.twin, row.path).toBeGreaterThan(0);
  }
});
