// v0 transactions with address lookup tables: execution, and getTransaction rendered like Agave
// (message.addressTableLookups, meta.loadedAddresses, balances over static + loaded keys).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendTransactionMessageInstructions, compressTransactionMessageUsingAddressLookupTables, createTransactionMessage,
  generateKeyPairSigner, getBase64EncodedWireTransaction, pipe, setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash, signTransactionMessageWithSigners,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { findAssociatedTokenPda, getTransferCheckedInstruction, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import { balance, fundedSigner, send, startNode, SYSTEM_PROGRAM, until } from '../testkit/harness.js';

const ALT_PROGRAM = 'AddressLookupTab1e1111111111111111111111111';
let node;
before(async () => { node = await startNode(['--slot-ms', '50', '--finalize-slots', '2']); });
after(async () => { await node?.stop(); });

/** A signed v0 wire transaction whose non-signer accounts found in `tables` are loaded from them. */
async function v0Tx(feePayer, instructions, tables) {
  const { value: lifetime } = await node.rpc('getLatestBlockhash', [{ commitment: 'processed' }]);
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: lifetime.blockhash, lastValidBlockHeight: BigInt(lifetime.lastValidBlockHeight) }, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
    (m) => compressTransactionMessageUsingAddressLookupTables(m, tables),
  );
  return getBase64EncodedWireTransaction(await signTransactionMessageWithSigners(message));
}

const confirmedTx = (sig) => until(() => node.rpc('getTransaction', [sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }]), { what: 'v0 tx' });

test('localnet_createLookupTable writes an active table owned by the lookup table program', async () => {
  const a = (await generateKeyPairSigner()).address;
  const b = (await generateKeyPairSigner()).address;
  const { lookupTable } = await node.rpc('localnet_createLookupTable', [{ addresses: [a, b] }]);
  const info = (await node.rpc('getAccountInfo', [lookupTable, { encoding: 'base64' }])).value;
  assert.equal(info.owner, ALT_PROGRAM);
  assert.equal(info.space, 56 + 64);
  assert.equal(info.lamports, await node.rpc('getMinimumBalanceForRentExemption', [120]));
  const data = Buffer.from(info.data[0], 'base64');
  assert.equal(data.readUInt32LE(0), 1); // ProgramState::LookupTable
  assert.equal(data.readBigUInt64LE(4), (1n << 64n) - 1n); // not deactivated
  assert.equal((await node.raw('localnet_createLookupTable', [{ addresses: [] }])).error.code, -32602);
  assert.equal((await node.raw('localnet_createLookupTable', [{ addresses: ['nope'] }])).error.code, -32602);
  assert.equal((await node.raw('localnet_createLookupTable', [{ addresses: [a], address: lookupTable }])).error.code, -32602);
});

test('a v0 transaction loads payee accounts from a lookup table and getTransaction renders them like Agave', async () => {
  const payer = await fundedSigner(node);
  const solPayee = (await generateKeyPairSigner()).address;
  const tokenPayee = (await generateKeyPairSigner()).address;
  const { mint } = await node.rpc('localnet_createMint', [{ decimals: 6 }]);
  const { tokenAccount: source } = await node.rpc('localnet_mintTo', [{ mint, owner: payer.address, amount: '5000000' }]);
  await node.rpc('localnet_mintTo', [{ mint, owner: tokenPayee, amount: '0' }]);
  const [destination] = await findAssociatedTokenPda({ owner: tokenPayee, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
  const table = [mint, destination, solPayee];
  const { lookupTable } = await node.rpc('localnet_createLookupTable', [{ addresses: table }]);

  const sig = await send(node, await v0Tx(payer, [
    getTransferSolInstruction({ source: payer, destination: solPayee, amount: 1_000_000n }),
    getTransferCheckedInstruction({ source, mint, destination, authority: payer, amount: 1_250_000n, decimals: 6 }),
  ], { [lookupTable]: table }));
  const tx = await confirmedTx(sig);
  assert.equal(tx.meta.err, null);
  assert.equal(tx.version, 0);
  assert.equal(await balance(node, solPayee), 1_000_000);

  const { message } = tx.transaction;
  assert.equal(message.addressTableLookups.length, 1);
  const lookup = message.addressTableLookups[0];
  assert.deepEqual(Object.keys(lookup), ['accountKey', 'writableIndexes', 'readonlyIndexes']);
  assert.equal(lookup.accountKey, lookupTable);
  // Loaded addresses follow the lookup's indexes: writable ones, then read-only ones.
  assert.deepEqual(tx.meta.loadedAddresses, {
    writable: lookup.writableIndexes.map((i) => table[i]),
    readonly: lookup.readonlyIndexes.map((i) => table[i]),
  });
  assert.deepEqual([...tx.meta.loadedAddresses.writable].sort(), [destination, solPayee].sort());
  assert.deepEqual(tx.meta.loadedAddresses.readonly, [mint]);
  for (const k of table) assert.ok(!message.accountKeys.includes(k), `${k} is loaded, not static`);

  const keys = [...message.accountKeys, ...tx.meta.loadedAddresses.writable, ...tx.meta.loadedAddresses.readonly];
  assert.equal(tx.meta.preBalances.length, keys.length);
  assert.equal(tx.meta.postBalances.length, keys.length);
  const solIndex = keys.indexOf(solPayee);
  assert.equal(tx.meta.postBalances[solIndex] - tx.meta.preBalances[solIndex], 1_000_000);
  const [transferSol, transferChecked] = message.instructions;
  assert.equal(keys[transferSol.programIdIndex], SYSTEM_PROGRAM);
  assert.deepEqual(transferSol.accounts.map((i) => keys[i]), [payer.address, solPayee]);
  assert.deepEqual(transferChecked.accounts.map((i) => keys[i]), [source, mint, destination, payer.address]);
  const post = tx.meta.postTokenBalances.find((b) => keys[b.accountIndex] === destination);
  assert.equal(post.uiTokenAmount.amount, '1250000');
  assert.equal(post.owner, tokenPayee);
});

test('unusable lookups are refused like Agave refuses them', async () => {
  const payer = await fundedSigner(node);
  const dest = (await generateKeyPairSigner()).address;
  const transfer = getTransferSolInstruction({ source: payer, destination: dest, amount: 1_000_000n });
  const missing = (await generateKeyPairSigner()).address;
  const r1 = await node.raw('sendTransaction', [await v0Tx(payer, [transfer], { [missing]: [dest] }), { encoding: 'base64' }]);
  assert.deepEqual(r1.error, { code: -32602, message: "invalid transaction: Transaction loads an address table account that doesn't exist" });

  // A "table" that is a plain system account.
  const r2 = await node.raw('sendTransaction', [await v0Tx(payer, [transfer], { [payer.address]: [dest] }), { encoding: 'base64' }]);
  assert.deepEqual(r2.error, { code: -32602, message: 'invalid transaction: Transaction loads an address table account with an invalid owner' });

  // The message asks for index 1 of a one-entry table.
  const other = (await generateKeyPairSigner()).address;
  const { lookupTable } = await node.rpc('localnet_createLookupTable', [{ addresses: [other] }]);
  const r3 = await node.raw('sendTransaction', [await v0Tx(payer, [transfer], { [lookupTable]: [other, dest] }), { encoding: 'base64' }]);
  assert.deepEqual(r3.error, { code: -32602, message: 'invalid transaction: Transaction address table lookup uses an invalid index' });
  assert.equal(await balance(node, dest), 0);
});
