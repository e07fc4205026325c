// The process contract a parent (the Java localnet launcher) relies on: one ready line, clean exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sleep, startNode } from '../testkit/harness.js';

test('prints exactly one ready line, serves GET /health, exits 0 on SIGTERM', async () => {
  const node = await startNode([]);
  try {
    assert.match(node.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(Object.keys(node.ready), ['ready', 'rpcUrl']);
    assert.equal(node.ready.ready, true);
    assert.equal(await (await fetch(`${node.url}/health`)).text(), 'ok');
    await node.rpc('getHealth');
    await sleep(100);
    assert.equal(node.stdout(), `${JSON.stringify(node.ready)}\n`); // nothing else on stdout
    const exited = once(node.child, 'exit');
    node.child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    await node.stop();
  }
});

test('--exit-on-stdin-close exits when the parent closes stdin', async () => {
  const node = await startNode(['--exit-on-stdin-close']);
  try {
    const exited = once(node.child, 'exit');
    node.child.stdin.end();
    const [code] = await Promise.race([exited, sleep(5_000).then(() => ['timeout'])]);
    assert.equal(code, 0);
  } finally {
    await node.stop();
  }
});

test('rejects a bad flag value', async () => {
  const server = fileURLToPath(new URL('../server.js', import.meta.url));
  const child = spawn(process.execPath, [server, '--slot-ms', 'fast', '--port', '0'], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  assert.equal(code, 2);
});
