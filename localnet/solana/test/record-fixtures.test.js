// The fixture recorder keeps working: it records every fixture from a fresh node, with stable addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../scripts/record-fixtures.js', import.meta.url));
const NAMES = ['cpi-only-sol', 'cpi-only-usdc', 'legacy-two-memos', 'memo-v2-usdc', 'token-2022-transfer-checked', 'v0-alt-sol', 'v0-alt-usdc'];

test('record-fixtures writes every getTransaction answer, with the same addresses on every run', async () => {
  const out = mkdtempSync(join(tmpdir(), 'solana-fixtures-'));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, '--out', out], { timeout: 60_000 });
    const keys = JSON.parse(stdout);
    assert.equal(keys.payer, 'DCVbBFN63V2NBGzFW1GzQuJtqN2L13bDKL3QrbinP8MQ'); // the Java test names these
    assert.equal(keys.payee, 'Fxc3KpnLfuCNV5Rg3wkFwRrUXoiBiPreFmsz8Fg7KbP1');
    assert.deepEqual(readdirSync(out).sort(), NAMES.map((n) => `${n}.json`));
    const read = (name) => JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8'));
    for (const name of NAMES) assert.equal(read(name).meta.err, null, name);
    const alt = read('v0-alt-sol');
    assert.equal(alt.version, 0);
    assert.deepEqual([...alt.meta.loadedAddresses.writable].sort(), [keys.payee, keys.feeRecipient].sort());
    assert.equal(read('legacy-two-memos').version, 'legacy');
    assert.ok(read('cpi-only-usdc').meta.innerInstructions.length > 0);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
