// Invalid params are answered as Agave answers them (-32602 and its texts), never as null or a crash: a client
// must be able to tell "this can never be looked up" from "not seen yet".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getBase58Decoder } from '@solana/kit';
import { randomBytes } from 'node:crypto';
import { startNode } from '../testkit/harness.js';

let node;
before(async () => { node = await startNode(['--slot-ms', '100']); });
after(async () => { await node?.stop(); });

const b58 = getBase58Decoder();
const unseen = () => b58.decode(randomBytes(64));
const invalid = (message) => ({ code: -32602, message });

describe('malformed signatures', () => {
  const cases = [
    ['0x' + 'ab'.repeat(32), 'Invalid param: Invalid'], // an EVM tx hash: short enough, but '0' is not base58
    ['0OIl' + unseen().slice(4), 'Invalid param: Invalid'],
    [b58.decode(randomBytes(32)), 'Invalid param: WrongSize'],
    ['', 'Invalid param: WrongSize'],
    ['1'.repeat(89), 'Invalid param: WrongSize'],
    ['9'.repeat(1_000_000), 'Invalid param: WrongSize'],
  ];

  test('getSignatureStatuses refuses each with -32602 and Agave\'s text', async () => {
    for (const [sig, message] of cases) {
      const reply = await node.raw('getSignatureStatuses', [[sig], { searchTransactionHistory: true }]);
      assert.deepEqual(reply.error, invalid(message), `signature ${sig.slice(0, 20)}`);
      assert.equal(reply.result, undefined);
    }
  });

  test('one malformed signature spoils the whole getSignatureStatuses request', async () => {
    const reply = await node.raw('getSignatureStatuses', [[unseen(), 'not a signature']]);
    assert.equal(reply.error.code, -32602);
  });

  test('getTransaction refuses each with -32602 and Agave\'s text', async () => {
    for (const [sig, message] of cases) {
      const reply = await node.raw('getTransaction', [sig, { encoding: 'json', commitment: 'confirmed' }]);
      assert.deepEqual(reply.error, invalid(message), `signature ${sig.slice(0, 20)}`);
    }
  });

  test('a well-formed signature nobody sent is still null, not an error', async () => {
    assert.deepEqual((await node.rpc('getSignatureStatuses', [[unseen()]])).value, [null]);
    assert.equal(await node.rpc('getTransaction', [unseen(), { commitment: 'confirmed' }]), null);
  });

  test('a non-string signature is invalid params', async () => {
    assert.equal((await node.raw('getSignatureStatuses', [[42]])).error.code, -32602);
    assert.equal((await node.raw('getTransaction', [42])).error.code, -32602);
  });
});

describe('undecodable transactions', () => {
  test('sendTransaction answers -32602 for bad base64, bad base58 and oversized text, before decoding', async () => {
    const base64 = await node.raw('sendTransaction', ['AQ!D', { encoding: 'base64' }]);
    assert.deepEqual(base64.error, invalid('invalid base64 encoding: InvalidByte(2, 33)'));
    const length = await node.raw('sendTransaction', ['AQIDB', { encoding: 'base64' }]);
    assert.deepEqual(length.error, invalid('invalid base64 encoding: InvalidLength(5)'));
    const base58 = await node.raw('sendTransaction', ['12l4']);
    assert.deepEqual(base58.error, invalid("invalid base58 encoding: InvalidCharacter { character: 'l', index: 2 }"));
    const big64 = await node.raw('sendTransaction', ['A'.repeat(1648), { encoding: 'base64' }]);
    assert.deepEqual(big64.error, invalid('base64 encoded solana_transaction::versioned::VersionedTransaction too large: 1648 bytes (max: encoded/raw 1644/1232)'));
    const big58 = await node.raw('sendTransaction', ['2'.repeat(1_000_000)]);
    assert.equal(big58.error.code, -32602);
    assert.match(big58.error.message, /^base58 encoded solana_transaction::versioned::VersionedTransaction too large: 1000000 bytes/);
    const garbage = await node.raw('sendTransaction', ['AQID', { encoding: 'base64' }]);
    assert.equal(garbage.error.code, -32602);
    assert.match(garbage.error.message, /^failed to deserialize solana_transaction::versioned::VersionedTransaction/);
  });

  test('simulateTransaction refuses the same way', async () => {
    assert.equal((await node.raw('simulateTransaction', ['AQ!D', { encoding: 'base64' }])).error.code, -32602);
  });
});
