// Runs every case of expressions.json through survey-core's own ExpressionRunner (and
// ConditionRunner) and checks that SurveyJS gives the value the table says. The native test
// core/tests/expressions.rs reads the same table and checks yehua-core's evaluator against it,
// so both agree case by case. Today is fixed at the table's "today" through survey-core's
// settings.onDateCreated. Usage: node expressions.mjs [--write] (--write fills in "expected"
// from survey-core for cases that have none, for adding cases; review before committing).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExpressionRunner, ConditionRunner, settings } from 'survey-core';

const file = fileURLToPath(new URL('./expressions.json', import.meta.url));
const table = JSON.parse(readFileSync(file, 'utf8'));
const [y, m, d] = table.today.split('-').map(Number);
settings.onDateCreated = (date, reason, val) => (val === undefined || val === '' ? new Date(y, m - 1, d, 12, 0, 0) : date);

const pad = (n) => String(n).padStart(2, '0');
// A value as the table writes it: NaN and undefined as null, a date as YYYY-MM-DD.
function plain(v) {
  if (v instanceof Date) return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

const write = process.argv.includes('--write');
let passed = 0;
let failed = 0;
const warn = console.warn;
console.warn = () => {};
for (const c of table.cases) {
  const values = { ...table.answers, ...(c.answers || {}) };
  const value = plain(new ExpressionRunner(c.expression).runValues(values));
  const holds = new ConditionRunner(c.expression).runValues(values);
  if (write && !('expected' in c)) {
    c.expected = value;
    c.holds = holds;
  }
  const ok = JSON.stringify(value) === JSON.stringify(c.expected) && holds === c.holds;
  if (ok) passed++;
  else {
    failed++;
    warn(`FAIL ${c.expression}: survey-core gives ${JSON.stringify(value)} (holds ${holds}), the table says ${JSON.stringify(c.expected)} (holds ${c.holds})`);
  }
}
if (write) writeFileSync(file, JSON.stringify(table, null, 2) + '\n');
console.log(`expressions: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
