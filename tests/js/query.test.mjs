// The start script's reading of the query string (src/assets/yehua-start.js, `pageChoices`)
// held to the ONE table of cases that core::config::PageQuery is also tested on
// (tests/query_cases.json, read by core/tests/config.rs): the script must load the variant the
// widget will show, and both must pick the same language. Run by `make js-test` (node --test).
//
// The start script is a module that starts the page when imported: here it finds no #yehua and
// no widget files, which it reports with console.error (silenced); only its export is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const here = new URL('.', import.meta.url);
const table = JSON.parse(await readFile(new URL('../query_cases.json', here), 'utf8'));

// What the start script touches when imported, as on a page without #yehua.
globalThis.window = globalThis;
globalThis.document = { getElementById: () => null, addEventListener: () => {}, baseURI: 'http://127.0.0.1/' };
globalThis.location = { search: '', href: 'http://127.0.0.1/', origin: 'http://127.0.0.1' };
const quiet = console.error;
console.error = () => {};
const { pageChoices } = await import(new URL('../../src/assets/yehua-start.js', here));
console.error = quiet;

test('the table has its cases', () => {
  assert.ok(table.cases.length > 30);
});

for (const { query, lang, kiosk, view } of table.cases) {
  test(`query ${JSON.stringify(query)}`, () => {
    assert.deepEqual(pageChoices(query), { lang, kiosk, view });
  });
}
