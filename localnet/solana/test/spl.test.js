// SPL Token: the localnet_createMint / localnet_mintTo fixtures, token reads, and a real transferChecked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSigner, getBase58Encoder } from '@solana/kit';
import {
  ASSOCIATED_TOKEN_PROGRAM_ADDRESS, findAssociatedTokenPda, getCreateAssociatedTokenIdempotentInstruction,
  getTransferCheckedInstruction, TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { buildTx, fundedSigner, send, startNode, status, until } from '../testkit/harness.js';

let node;
before(async () => { node = await startNode(['--slot-ms', '50']); });
after(async () => { await node?.stop(); });

const ata = async (owner, mint) => (await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0];
const tokenBalance = async (account) => (await node.rpc('getTokenAccountBalance', [account, { commitment: 'processed' }])).value;

test('localnet_createMint makes an initialized, rent-exempt mint', async () => {
  const authority = (await generateKeyPairSigner()).address;
  const { mint } = await node.rpc('localnet_createMint', [{ decimals: 6, mintAuthority: authority }]);
  const info = (await node.rpc('getAccountInfo', [mint, { encoding: 'jsonParsed' }])).value;
  assert.equal(info.owner, TOKEN_PROGRAM_ADDRESS);
  assert.equal(info.lamports, await node.rpc('getMinimumBalanceForRentExemption', [82]));
  assert.equal(info.space, 82);
  assert.deepEqual(info.data, {
    program: 'spl-token', space: 82,
    parsed: { type: 'mint', info: { decimals: 6, freezeAuthority: null, isInitialized: true, mintAuthority: authority, supply: '0' } },
  });
  const raw = (await node.rpc('getAccountInfo', [mint, { encoding: 'base64' }])).value;
  assert.equal(Buffer.from(raw.data[0], 'base64').length, 82);
  // A chosen address works once.
  const chosen = (await generateKeyPairSigner()).address;
  assert.deepEqual(await node.rpc('localnet_createMint', [{ decimals: 0, address: chosen }]), { mint: chosen });
  assert.equal((await node.raw('localnet_createMint', [{ decimals: 0, address: chosen }])).error.code, -32602);
  assert.equal((await node.raw('localnet_createMint', [{ decimals: 'six' }])).error.code, -32602);
});

test('localnet_mintTo creates the ATA, adds to it and bumps the supply', async () => {
  const { mint } = await node.rpc('localnet_createMint', [{ decimals: 6 }]);
  const owner = (await generateKeyPairSigner()).address;
  const { tokenAccount } = await node.rpc('localnet_mintTo', [{ mint, owner, amount: '1500000' }]);
  assert.equal(tokenAccount, await ata(owner, mint));
  assert.deepEqual(await tokenBalance(tokenAccount), { amount: '1500000', decimals: 6, uiAmount: 1.5, uiAmountString: '1.5' });
  await node.rpc('localnet_mintTo', [{ mint, owner, amount: '18446744073709' }]);
  assert.equal((await tokenBalance(tokenAccount)).amount, '18446745573709');
  const acc = (await node.rpc('getAccountInfo', [tokenAccount, { encoding: 'jsonParsed' }])).value;
  assert.equal(acc.lamports, 2_039_280);
  assert.equal(acc.data.parsed.type, 'account');
  assert.deepEqual(acc.data.parsed.info, {
    isNative: false, mint, owner, state: 'initialized',
    tokenAmount: { amount: '18446745573709', decimals: 6, uiAmount: 18446745.573709, uiAmountString: '18446745.573709' },
  });
  const supply = (await node.rpc('getAccountInfo', [mint, { encoding: 'jsonParsed' }])).value.data.parsed.info.supply;
  assert.equal(supply, '18446745573709');
  const byMint = (await node.rpc('getTokenAccountsByOwner', [owner, { mint }, { encoding: 'jsonParsed' }])).value;
  assert.deepEqual(byMint.map((x) => x.pubkey), [tokenAccount]);
  const byProgram = (await node.rpc('getTokenAccountsByOwner', [owner, { programId: TOKEN_PROGRAM_ADDRESS }, { encoding: 'base64' }])).value;
  assert.equal(byProgram.length, 1);
  assert.equal(Buffer.from(byProgram[0].account.data[0], 'base64').length, 165);
  const stranger = (await generateKeyPairSigner()).address;
  assert.deepEqual((await node.rpc('getTokenAccountsByOwner', [stranger, { mint }])).value, []);
  assert.equal((await node.raw('localnet_mintTo', [{ mint: stranger, owner, amount: '1' }])).error.code, -32602);
  assert.equal((await node.raw('getTokenAccountBalance', [mint])).error.code, -32602);
});

test('transferChecked between ATAs, creating the recipient ATA idempotently in the same transaction', async () => {
  const alice = await fundedSigner(node);
  const bob = (await generateKeyPairSigner()).address;
  const { mint } = await node.rpc('localnet_createMint', [{ decimals: 6 }]);
  const { tokenAccount: aliceAta } = await node.rpc('localnet_mintTo', [{ mint, owner: alice.address, amount: '10000000' }]);
  const bobAta = await ata(bob, mint);
  const instructions = (amount) => [
    getCreateAssociatedTokenIdempotentInstruction({ payer: alice, ata: bobAta, owner: bob, mint }),
    getTransferCheckedInstruction({ source: aliceAta, mint, destination: bobAta, authority: alice, amount, decimals: 6 }),
  ];

  const sig = await send(node, await buildTx(node, { feePayer: alice, instructions: instructions(2_500_000n) }));
  assert.equal((await status(node, sig)).err, null);
  assert.equal((await tokenBalance(aliceAta)).amount, '7500000');
  assert.equal((await tokenBalance(bobAta)).amount, '2500000');

  const tx = await until(() => node.rpc('getTransaction', [sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }]), { what: 'tx' });
  const keys = tx.transaction.message.accountKeys;
  const create = tx.transaction.message.instructions[0];
  assert.equal(keys[create.programIdIndex], ASSOCIATED_TOKEN_PROGRAM_ADDRESS);
  assert.deepEqual([...getBase58Encoder().encode(create.data)], [1]); // CreateIdempotent
  const entry = (list, account) => list.find((b) => keys[b.accountIndex] === account);
  // Before: only Alice's ATA existed. After: both, with the moved amount.
  assert.equal(tx.meta.preTokenBalances.length, 1);
  assert.deepEqual(entry(tx.meta.preTokenBalances, aliceAta), {
    accountIndex: keys.indexOf(aliceAta), mint, owner: alice.address, programId: TOKEN_PROGRAM_ADDRESS,
    uiTokenAmount: { amount: '10000000', decimals: 6, uiAmount: 10, uiAmountString: '10' },
  });
  assert.equal(entry(tx.meta.postTokenBalances, aliceAta).uiTokenAmount.amount, '7500000');
  assert.deepEqual(entry(tx.meta.postTokenBalances, bobAta).uiTokenAmount, { amount: '2500000', decimals: 6, uiAmount: 2.5, uiAmountString: '2.5' });
  assert.equal(entry(tx.meta.postTokenBalances, bobAta).owner, bob);
  // Alice paid the fee and the new account's rent.
  const aliceIndex = keys.indexOf(alice.address);
  assert.equal(tx.meta.preBalances[aliceIndex] - tx.meta.postBalances[aliceIndex], 5000 + 2_039_280);
  assert.equal(tx.meta.fee, 5000);
  assert.ok(tx.meta.innerInstructions.length > 0); // the ATA program's CPIs

  // Same instructions again: the ATA already exists, CreateIdempotent is a no-op.
  const sig2 = await send(node, await buildTx(node, { feePayer: alice, instructions: instructions(500_000n) }));
  assert.equal((await status(node, sig2)).err, null);
  assert.equal((await tokenBalance(bobAta)).amount, '3000000');

  // Too many tokens: preflight fails with the token program's InsufficientFunds (custom error 1).
  const r = await node.raw('sendTransaction', [await buildTx(node, { feePayer: alice, instructions: instructions(99_000_000n) }), { encoding: 'base64' }]);
  assert.deepEqual(r.error.data.err, { InstructionError: [1, { Custom: 1 }] });
  assert.equal((await tokenBalance(bobAta)).amount, '3000000');
});

// Token-2022 (Token Extensions) is preloaded by LiteSVM at its real id; the fixtures make and fund its mints too.
const TOKEN_2022 = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';

test('a Token-2022 mint: created and minted by the fixtures, TransferChecked under Token-2022 between its ATAs', async () => {
  const program = (await node.rpc('getAccountInfo', [TOKEN_2022, { encoding: 'base64' }])).value;
  assert.equal(program.executable, true);
  const { mint } = await node.rpc('localnet_createMint', [{ decimals: 6, tokenProgram: TOKEN_2022 }]);
  assert.equal((await node.rpc('getAccountInfo', [mint, { encoding: 'jsonParsed' }])).value.owner, TOKEN_2022);
  const alice = await fundedSigner(node);
  const bob = (await generateKeyPairSigner()).address;
  const { tokenAccount: aliceAta } = await node.rpc('localnet_mintTo', [{ mint, owner: alice.address, amount: '4000000' }]);
  const ata2022 = async (owner) => (await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_2022 }))[0];
  assert.equal(aliceAta, await ata2022(alice.address));
  assert.notEqual(aliceAta, await ata(alice.address, mint));
  const bobAta = await ata2022(bob);
  const instructions = [
    getCreateAssociatedTokenIdempotentInstruction({ payer: alice, ata: bobAta, owner: bob, mint, tokenProgram: TOKEN_2022 }),
    getTransferCheckedInstruction({ source: aliceAta, mint, destination: bobAta, authority: alice, amount: 1_500_000n, decimals: 6 },
      { programAddress: TOKEN_2022 }),
  ];
  const sig = await send(node, await buildTx(node, { feePayer: alice, instructions }));
  assert.equal((await status(node, sig)).err, null);
  assert.equal((await tokenBalance(aliceAta)).amount, '2500000');
  assert.equal((await tokenBalance(bobAta)).amount, '1500000');
  assert.equal((await node.rpc('getAccountInfo', [bobAta, { encoding: 'base64' }])).value.owner, TOKEN_2022);
});
