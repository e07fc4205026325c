// Blockhash lifetime: older-but-valid blockhashes are accepted (LiteSVM alone accepts only its newest), expired
// ones are rejected with Agave's BlockhashNotFound.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSigner } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { balance, buildTx, fundedSigner, send, startNode, status, until } from '../testkit/harness.js';

const SLOT_MS = 50;
const VALID_SLOTS = 20; // a blockhash lives 20 slots = 1 s here
let node;
before(async () => { node = await startNode(['--slot-ms', String(SLOT_MS), '--blockhash-valid-slots', String(VALID_SLOTS)]); });
after(async () => { await node?.stop(); });

const transfer = (source, destination, amount) => getTransferSolInstruction({ source, destination, amount: BigInt(amount) });
const latest = async () => (await node.rpc('getLatestBlockhash', [{ commitment: 'processed' }]));

test('lastValidBlockHeight = slot of the blockhash + valid slots', async () => {
  const r = await latest();
  assert.equal(r.value.lastValidBlockHeight, r.context.slot + VALID_SLOTS);
});

test('an older but still valid blockhash is accepted', async () => {
  const payer = await fundedSigner(node);
  const dest = (await generateKeyPairSigner()).address;
  const old = (await latest()).value;
  await until(async () => (await latest()).value.blockhash !== old.blockhash, { what: 'a newer blockhash' });
  assert.equal((await node.rpc('isBlockhashValid', [old.blockhash])).value, true);
  const sig = await send(node, await buildTx(node, { feePayer: payer, instructions: [transfer(payer, dest, 1_000_000)], blockhash: old }));
  assert.equal((await status(node, sig)).err, null);
  assert.equal(await balance(node, dest), 1_000_000);
});

test('an expired blockhash is rejected, and with skipPreflight the transaction never lands', async () => {
  const payer = await fundedSigner(node);
  const dest = (await generateKeyPairSigner()).address;
  const old = (await latest()).value;
  const wire = await buildTx(node, { feePayer: payer, instructions: [transfer(payer, dest, 1_000_000)], blockhash: old });
  await until(async () => (await node.rpc('getBlockHeight', [{ commitment: 'processed' }])) > old.lastValidBlockHeight,
    { what: 'blockhash expiry', timeoutMs: 10_000 });
  assert.equal((await node.rpc('isBlockhashValid', [old.blockhash])).value, false);
  const r = await node.raw('sendTransaction', [wire, { encoding: 'base64' }]);
  assert.equal(r.error.code, -32002);
  assert.equal(r.error.message, 'Transaction simulation failed: Blockhash not found');
  assert.equal(r.error.data.err, 'BlockhashNotFound');
  // Like a validator: skipPreflight returns the signature, but the transaction is dropped.
  const sig = await send(node, wire, { skipPreflight: true });
  assert.equal(await status(node, sig), null);
  assert.equal(await balance(node, dest), 0);
  assert.equal(await balance(node, payer.address), 10_000_000_000);
});

test('a blockhash this node never produced is rejected', async () => {
  const payer = await fundedSigner(node);
  const fake = { blockhash: '11111111111111111111111111111111', lastValidBlockHeight: 1 };
  const wire = await buildTx(node, { feePayer: payer, instructions: [transfer(payer, payer.address, 1)], blockhash: fake });
  const r = await node.raw('sendTransaction', [wire, { encoding: 'base64' }]);
  assert.equal(r.error.data?.err, 'BlockhashNotFound');
});
