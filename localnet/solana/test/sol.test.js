// SOL transfers, memos, records, commitment and error shapes, over real HTTP JSON-RPC.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateKeyPairSigner, getBase58Decoder, getBase58Encoder, getBase64Encoder, getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import {
  balance, buildTx, fundedSigner, MEMO_V1, MEMO_V2, memoIx, send, signatureOf, sleep, startNode, status, SYSTEM_PROGRAM,
  until,
} from '../testkit/harness.js';

const SLOT_MS = 100;
const FINALIZE = 4;
let node;
before(async () => { node = await startNode(['--slot-ms', String(SLOT_MS), '--finalize-slots', String(FINALIZE)]); });
after(async () => { await node?.stop(); });

const transfer = (source, destination, amount) => getTransferSolInstruction({ source, destination, amount: BigInt(amount) });

describe('basics', () => {
  test('airdrop lands as a recorded transaction and credits the balance', async () => {
    const who = (await generateKeyPairSigner()).address;
    const sig = await node.rpc('requestAirdrop', [who, 2_000_000_000]);
    assert.equal(await balance(node, who), 2_000_000_000);
    const st = await status(node, sig);
    assert.equal(st.err, null);
    assert.deepEqual(st.status, { Ok: null });
    // A second identical airdrop (same slot, same amount) must still land, with a different signature.
    const sig2 = await node.rpc('requestAirdrop', [who, 2_000_000_000]);
    assert.notEqual(sig2, sig);
    assert.equal(await balance(node, who), 4_000_000_000);
    const unknown = (await generateKeyPairSigner()).address;
    const multi = await node.rpc('getMultipleAccounts', [[who, unknown], { encoding: 'base64' }]);
    assert.deepEqual(multi.value[0], {
      lamports: 4_000_000_000, data: ['', 'base64'], owner: SYSTEM_PROGRAM, executable: false, rentEpoch: 18446744073709551615, space: 0,
    });
    assert.equal(multi.value[1], null);
    assert.equal((await node.rpc('getAccountInfo', [unknown])).value, null);
    assert.equal(await balance(node, unknown), 0);
  });

  test('unknown method, bad params, parse error', async () => {
    const r = await node.raw('getNoSuchThing', []);
    assert.deepEqual(r.error, { code: -32601, message: 'Method not found' });
    assert.equal((await node.raw('getBalance', ['not-a-key'])).error.code, -32602);
    const res = await fetch(node.url, { method: 'POST', body: '{oops' });
    assert.equal((await res.json()).error.code, -32700);
  });

  test('batch request answers every call in order', async () => {
    const replies = await node.post([
      { jsonrpc: '2.0', id: 1, method: 'getHealth' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
      { jsonrpc: '2.0', id: 3, method: 'getSlot', params: [{ commitment: 'processed' }] },
    ]);
    assert.equal(replies.length, 3);
    assert.deepEqual(replies.map((r) => r.id), [1, 2, 3]);
    assert.equal(replies[0].result, 'ok');
    assert.equal(replies[1].error.code, -32601);
    assert.ok(Number.isInteger(replies[2].result));
  });

  test('slots follow the wall clock with a new blockhash; commitments lag', async () => {
    const a = await node.rpc('getLatestBlockhash', []);
    await sleep(SLOT_MS * 3);
    const b = await node.rpc('getLatestBlockhash', []);
    assert.ok(b.context.slot >= a.context.slot + 2, `slot ${a.context.slot} -> ${b.context.slot}`);
    assert.notEqual(a.value.blockhash, b.value.blockhash);
    assert.equal(b.value.lastValidBlockHeight, b.context.slot + 150);
    const [processed, confirmed, finalized] = (await node.post([
      { jsonrpc: '2.0', id: 1, method: 'getSlot', params: [{ commitment: 'processed' }] },
      { jsonrpc: '2.0', id: 2, method: 'getSlot', params: [{ commitment: 'confirmed' }] },
      { jsonrpc: '2.0', id: 3, method: 'getSlot' },
    ])).map((r) => r.result);
    assert.deepEqual([processed - confirmed, processed - finalized], [Math.min(1, processed), Math.min(FINALIZE, processed)]);
    const recent = await node.rpc('getRecentBlockhash', []);
    assert.equal(recent.value.feeCalculator.lamportsPerSignature, 5000);
    assert.equal((await node.rpc('getEpochInfo', [{ commitment: 'processed' }])).epoch, 0);
    assert.match(await node.rpc('getGenesisHash'), /^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    assert.equal(getBase58Encoder().encode(await node.rpc('getGenesisHash')).length, 32);
    assert.equal(await node.rpc('getMinimumBalanceForRentExemption', [165]), 2_039_280);
  });
});

describe('SOL transfer with Memo v1', () => {
  let payer; let dest; let sig; let wire;
  before(async () => {
    payer = await fundedSigner(node);
    dest = await generateKeyPairSigner();
    wire = await buildTx(node, { feePayer: payer, instructions: [transfer(payer, dest.address, 1_000_000_000), memoIx(MEMO_V1, 'order-42')] });
    sig = await send(node, wire);
  });

  test('lands and moves the lamports, charging 5000 lamports', async () => {
    assert.equal(await balance(node, dest.address), 1_000_000_000);
    assert.equal(await balance(node, payer.address), 10_000_000_000 - 1_000_000_000 - 5000);
  });

  test('getTransaction json has the Solana shape', async () => {
    const tx = await node.rpc('getTransaction', [sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }])
      ?? await until(() => node.rpc('getTransaction', [sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }]), { what: 'confirmed tx' });
    assert.equal(tx.version, 'legacy');
    assert.ok(Number.isInteger(tx.slot) && Number.isInteger(tx.blockTime));
    assert.ok(Math.abs(tx.blockTime - Date.now() / 1000) < 30);
    const { meta, transaction } = tx;
    assert.equal(meta.err, null);
    assert.deepEqual(meta.status, { Ok: null });
    assert.equal(meta.fee, 5000);
    const keys = transaction.message.accountKeys;
    assert.deepEqual(keys, [payer.address, dest.address, SYSTEM_PROGRAM, MEMO_V1]);
    assert.deepEqual(transaction.message.header, { numRequiredSignatures: 1, numReadonlySignedAccounts: 0, numReadonlyUnsignedAccounts: 2 });
    assert.deepEqual(transaction.signatures, [sig]);
    assert.deepEqual(meta.preBalances.slice(0, 2), [10_000_000_000, 0]);
    assert.deepEqual(meta.postBalances.slice(0, 2), [10_000_000_000 - 1_000_000_000 - 5000, 1_000_000_000]);
    assert.equal(meta.preBalances.length, 4);
    const memo = transaction.message.instructions[1];
    assert.equal(keys[memo.programIdIndex], MEMO_V1);
    assert.equal(new TextDecoder().decode(getBase58Encoder().encode(memo.data)), 'order-42');
    assert.deepEqual(memo.accounts, []);
    assert.equal(memo.stackHeight, null);
    assert.ok(meta.logMessages.includes(`Program ${MEMO_V1} success`), meta.logMessages.join('\n')); // v1 logs no text
    assert.ok(meta.computeUnitsConsumed > 0);
    assert.deepEqual(meta.preTokenBalances, []);
    assert.deepEqual(meta.rewards, []);
    assert.deepEqual(meta.loadedAddresses, { writable: [], readonly: [] });
    assert.equal(transaction.message.recentBlockhash, getCompiledTransactionMessageDecoder()
      .decode(getTransactionDecoder().decode(getBase64Encoder().encode(wire)).messageBytes).lifetimeToken);
  });

  test('getTransaction base64 returns the wire bytes; unknown signature is null', async () => {
    const tx = await until(() => node.rpc('getTransaction', [sig, { commitment: 'confirmed', encoding: 'base64' }]), { what: 'tx' });
    assert.deepEqual(tx.transaction, [wire, 'base64']);
    const unknown = getBase58Decoder().decode(new Uint8Array(64).fill(7));
    assert.equal(await node.rpc('getTransaction', [unknown, { commitment: 'confirmed' }]), null);
    assert.deepEqual((await node.rpc('getSignatureStatuses', [[unknown]])).value, [null]);
    assert.equal((await node.raw('getTransaction', [sig, { commitment: 'processed' }])).error.code, -32602);
  });

  test('statuses progress processed -> confirmed -> finalized; getTransaction honours commitment', async () => {
    const p = await buildTx(node, { feePayer: payer, instructions: [transfer(payer, dest.address, 1)] });
    const s = signatureOf(p);
    // One batch = one slot: the transaction is only processed when read in the slot it landed in.
    const [sent, statuses, confirmedTx, processedTx] = await node.post([
      { jsonrpc: '2.0', id: 1, method: 'sendTransaction', params: [p, { encoding: 'base64' }] },
      { jsonrpc: '2.0', id: 2, method: 'getSignatureStatuses', params: [[s]] },
      { jsonrpc: '2.0', id: 3, method: 'getTransaction', params: [s, { commitment: 'confirmed' }] },
      { jsonrpc: '2.0', id: 4, method: 'getTransaction', params: [s, { commitment: 'processed' }] },
    ]);
    assert.equal(sent.result, s);
    const first = statuses.result.value[0];
    assert.equal(first.confirmationStatus, 'processed');
    assert.equal(first.confirmations, 0);
    assert.equal(first.slot, statuses.result.context.slot);
    assert.equal(confirmedTx.result, null);
    assert.equal(processedTx.error.code, -32602); // Agave: getTransaction does not support processed
    const confirmed = await until(async () => { const st = await status(node, s); return st.confirmationStatus === 'confirmed' && st; }, { what: 'confirmed' });
    assert.ok(confirmed.confirmations >= 1);
    assert.equal(confirmed.slot, first.slot);
    assert.ok(await node.rpc('getTransaction', [s, { commitment: 'confirmed' }]));
    const finalized = await until(async () => { const st = await status(node, s); return st.confirmationStatus === 'finalized' && st; }, { what: 'finalized' });
    assert.equal(finalized.confirmations, null);
    assert.ok(await node.rpc('getTransaction', [s])); // default commitment: finalized
  });

  test('Memo v2 executes too (with a signer)', async () => {
    const s = await send(node, await buildTx(node, { feePayer: payer, instructions: [memoIx(MEMO_V2, 'v2 memo', payer)] }));
    const tx = await until(() => node.rpc('getTransaction', [s, { commitment: 'confirmed' }]), { what: 'memo v2 tx' });
    assert.equal(tx.meta.err, null);
    assert.ok(tx.meta.logMessages.some((l) => l.includes('v2 memo')), tx.meta.logMessages.join('\n'));
  });

  test('a v0 transaction needs maxSupportedTransactionVersion in getTransaction', async () => {
    const s = await send(node, await buildTx(node, { feePayer: payer, instructions: [transfer(payer, dest.address, 7)], version: 0 }));
    await until(async () => (await status(node, s)).confirmationStatus !== 'processed', { what: 'confirmed' });
    const r = await node.raw('getTransaction', [s, { commitment: 'confirmed' }]);
    assert.equal(r.error.code, -32015);
    const tx = await node.rpc('getTransaction', [s, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }]);
    assert.equal(tx.version, 0);
    assert.deepEqual(tx.transaction.message.addressTableLookups, []);
    assert.equal(tx.meta.err, null);
  });

  test('commitment values are checked like Agave (Solanaj\'s "CONFIRMED" enum name is rejected)', async () => {
    const r = await node.raw('getTransaction', [sig, { commitment: 'CONFIRMED' }]);
    assert.equal(r.error.code, -32602);
    assert.match(r.error.message, /unknown variant `CONFIRMED`/);
  });

  test('resending the same transaction never executes it twice', async () => {
    const before_ = await balance(node, dest.address);
    const pre = await node.raw('sendTransaction', [wire, { encoding: 'base64' }]);
    assert.equal(pre.error.code, -32002);
    assert.equal(pre.error.data.err, 'AlreadyProcessed');
    assert.equal(signatureOf(wire), sig);
    assert.match(pre.error.message, /already been processed/);
    assert.equal(await send(node, wire, { skipPreflight: true }), sig);
    assert.equal(await balance(node, dest.address), before_);
  });
});

describe('failures', () => {
  test('preflight failure has Agave\'s shape and nothing lands', async () => {
    const payer = await fundedSigner(node, 1_000_000_000);
    const dest = await generateKeyPairSigner();
    const wire = await buildTx(node, { feePayer: payer, instructions: [memoIx(MEMO_V1, 'x'), transfer(payer, dest.address, 5_000_000_000)] });
    const r = await node.raw('sendTransaction', [wire, { encoding: 'base64' }]);
    assert.equal(r.error.code, -32002);
    assert.match(r.error.message, /^Transaction simulation failed: Error processing Instruction 1: custom program error: 0x1$/);
    assert.deepEqual(r.error.data.err, { InstructionError: [1, { Custom: 1 }] });
    assert.ok(r.error.data.logs.some((l) => /insufficient lamports/.test(l)), r.error.data.logs.join('\n'));
    assert.equal(r.error.data.accounts, null);
    assert.equal(r.error.data.returnData, null);
    assert.ok(r.error.data.unitsConsumed > 0);
    assert.equal(await status(node, signatureOf(wire)), null);
    assert.equal(await balance(node, payer.address), 1_000_000_000);
  });

  test('an unfunded fee payer fails preflight with AccountNotFound, and is dropped without preflight', async () => {
    const payer = await generateKeyPairSigner();
    const wire = await buildTx(node, { feePayer: payer, instructions: [memoIx(MEMO_V1, 'x')] });
    const r = await node.raw('sendTransaction', [wire, { encoding: 'base64' }]);
    assert.equal(r.error.code, -32002);
    assert.equal(r.error.data.err, 'AccountNotFound');
    // skipPreflight: like a validator, the signature comes back but nothing lands.
    const s = await send(node, wire, { skipPreflight: true });
    assert.equal(await status(node, s), null);
  });

  test('with skipPreflight a failing transaction lands with err and its fee charged', async () => {
    const payer = await fundedSigner(node, 1_000_000_000);
    const dest = await generateKeyPairSigner();
    const wire = await buildTx(node, { feePayer: payer, instructions: [transfer(payer, dest.address, 5_000_000_000)] });
    const s = await send(node, wire, { skipPreflight: true });
    const st = await status(node, s);
    assert.deepEqual(st.err, { InstructionError: [0, { Custom: 1 }] });
    assert.deepEqual(st.status, { Err: { InstructionError: [0, { Custom: 1 }] } });
    assert.equal(await balance(node, payer.address), 1_000_000_000 - 5000);
    assert.equal(await balance(node, dest.address), 0);
    const tx = await until(() => node.rpc('getTransaction', [s, { commitment: 'confirmed' }]), { what: 'failed tx' });
    assert.equal(tx.meta.fee, 5000);
    assert.deepEqual(tx.meta.err, { InstructionError: [0, { Custom: 1 }] });
    assert.deepEqual(tx.meta.postBalances.slice(0, 2), [1_000_000_000 - 5000, 0]);
    // A resend with skipPreflight must not charge the fee again.
    assert.equal(await send(node, wire, { skipPreflight: true }), s);
    assert.equal(await balance(node, payer.address), 1_000_000_000 - 5000);
  });

  test('bad signature answers -32003; malformed transaction answers -32602', async () => {
    const payer = await fundedSigner(node);
    const bytes = getBase64Encoder().encode(await buildTx(node, { feePayer: payer, instructions: [memoIx(MEMO_V1, 'x')] }));
    const tampered = new Uint8Array(bytes);
    tampered[tampered.length - 1] ^= 1; // change the memo text after signing
    const r = await node.raw('sendTransaction', [Buffer.from(tampered).toString('base64'), { encoding: 'base64', skipPreflight: true }]);
    assert.equal(r.error.code, -32003);
    assert.equal((await node.raw('sendTransaction', ['AQID', { encoding: 'base64' }])).error.code, -32602);
    assert.equal((await node.raw('sendTransaction', ['0OIl'])).error.code, -32602); // not base58
  });
});

test('more than 40 transactions stay queryable (LiteSVM alone keeps 32)', async () => {
  const payer = await fundedSigner(node);
  const dest = (await generateKeyPairSigner()).address;
  const sigs = [];
  for (let i = 1; i <= 45; i++) {
    sigs.push(await send(node, await buildTx(node, { feePayer: payer, instructions: [transfer(payer, dest, 1_000_000 + i)] }), { skipPreflight: i % 2 === 0 }));
  }
  assert.equal(new Set(sigs).size, 45);
  const statuses = (await node.rpc('getSignatureStatuses', [sigs])).value;
  assert.ok(statuses.every((s) => s && s.err === null), JSON.stringify(statuses));
  const firstTx = await until(() => node.rpc('getTransaction', [sigs[0], { commitment: 'confirmed' }]), { what: 'first tx' });
  assert.equal(firstTx.meta.postBalances[1] - firstTx.meta.preBalances[1], 1_000_001);
  assert.equal(await balance(node, dest), 45 * 1_000_000 + (45 * 46) / 2);
});

test('getFeeForMessage matches the charged fee; simulateTransaction does not land', async () => {
  const payer = await fundedSigner(node);
  const wire = await buildTx(node, { feePayer: payer, instructions: [memoIx(MEMO_V2, 'sim', payer)] });
  const { messageBytes } = getTransactionDecoder().decode(getBase64Encoder().encode(wire));
  const fee = await node.rpc('getFeeForMessage', [Buffer.from(messageBytes).toString('base64')]);
  assert.equal(fee.value, 5000);
  const sim = await node.rpc('simulateTransaction', [wire, { encoding: 'base64' }]);
  assert.equal(sim.value.err, null);
  assert.ok(sim.value.logs.some((l) => l.includes('sim')));
  assert.equal(await balance(node, payer.address), 10_000_000_000);
});
