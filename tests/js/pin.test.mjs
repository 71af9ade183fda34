// `make pin` (.ci/make_pin.py): the staff PIN's config value (docs/KIOSK.md) is
// PBKDF2-HMAC-SHA256 of the PIN in version 1 of the format core::pin reads, checked here with
// Node's own PBKDF2; short or non-digit PINs are refused; every run has a new salt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';

const ROOT = new URL('../../', import.meta.url).pathname;
const FORMAT = /^pbkdf2-sha256\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function makePin(pin) {
  return execFileSync('make', ['-s', 'pin', `PIN=${pin}`], { cwd: ROOT, encoding: 'utf8' }).trim();
}

test('make pin writes pbkdf2-sha256$600000$salt$hash, the PBKDF2-SHA256 of the PIN', () => {
  const value = makePin('246810');
  const [, iterations, salt, hash] = FORMAT.exec(value) ?? assert.fail(`not the format: ${value}`);
  assert.equal(Number(iterations), 600000);
  assert.equal(Buffer.from(salt, 'base64').length, 16);
  const expected = pbkdf2Sync('246810', Buffer.from(salt, 'base64'), 600000, 32, 'sha256');
  assert.equal(hash, expected.toString('base64'));
  const wrong = pbkdf2Sync('246811', Buffer.from(salt, 'base64'), 600000, 32, 'sha256');
  assert.notEqual(hash, wrong.toString('base64'));
});

test('every value has its own random salt', () => {
  const salts = new Set([makePin('246810'), makePin('246810')].map((v) => FORMAT.exec(v)[2]));
  assert.equal(salts.size, 2);
});

test('full-width digits and surrounding spaces are read as the staff panel reads them', () => {
  const [, , salt, hash] = FORMAT.exec(makePin(' ２４６８１０ '));
  assert.equal(hash, pbkdf2Sync('246810', Buffer.from(salt, 'base64'), 600000, 32, 'sha256').toString('base64'));
});

test('a PIN of fewer than six digits, or with other characters, is refused', () => {
  for (const pin of ['12345', '1234', 'abcdef', '12345a', '123 456']) {
    const run = spawnSync('python3', ['.ci/make_pin.py', pin], { cwd: ROOT, encoding: 'utf8' });
    assert.notEqual(run.status, 0, pin);
    assert.match(run.stderr, /at least 6 digits/, pin);
    assert.equal(run.stdout, '', pin);
  }
});
