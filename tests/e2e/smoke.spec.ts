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
