// Records the verifier's Solana fixtures: builds transactions the way wallets and stock clients do (@solana/kit,
// @solana-program/system, token, memo), sends them to a fresh local node (server.js, LiteSVM) and saves each
// getTransaction answer (json encoding, maxSupportedTransactionVersion 0) verbatim as <name>.json.
//
//   node scripts/record-fixtures.js [--out <dir>]     (default: chain-adapters/src/test/resources/solana-fixtures)
//
// Every key comes from a fixed, public label (sha256 of it as the private key), so the addresses, amounts and
// memos are the same on every run and the Java test can name them; signatures, blockhashes, slots and block
// times change. These keys are test-only and hold nothing outside a throwaway local node.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appendTransactionMessageInstructions, compressTransactionMessageUsingAddressLookupTables,
  createKeyPairSignerFromPrivateKeyBytes, createTransactionMessage, getBase64EncodedWireTransaction, pipe,
  setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash, signTransactionMessageWithSigners,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import {
  findAssociatedTokenPda, getCreateAssociatedTokenIdempotentInstruction, getCreateAssociatedTokenInstruction,
  getRecoverNestedAssociatedTokenInstruction, getTransferCheckedInstruction, TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { getAddMemoInstruction } from '@solana-program/memo';
import { send, startNode, until } from '../testkit/harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_OUT = resolve(HERE, '../../../chain-adapters/src/test/resources/solana-fixtures');
const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
const MEMO_V1 = 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo';
const DECIMALS = 6;

/** A signer whose key is derived from a public label: stable addresses across runs. */
const signer = (label) => createKeyPairSignerFromPrivateKeyBytes(
  createHash('sha256').update(`tollgate-solana-fixture:${label}`).digest());
// @solana-program/memo 0.15 defaults to a new pinocchio memo program (Memo4c2p...), which neither LiteSVM nor
// the verifier knows; wallets write Memo v2, so name it.
const MEMO_V2 = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
const memo = (text, signers = []) => getAddMemoInstruction({ memo: text, signers }, { programAddress: MEMO_V2 });

async function main() {
  const outArg = process.argv.indexOf('--out');
  const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : DEFAULT_OUT;
  mkdirSync(out, { recursive: true });

  const node = await startNode(['--slot-ms', '50', '--finalize-slots', '2']);
  try {
    const payer = await signer('payer');
    const payee = await signer('payee');
    const feeRecipient = await signer('fee-recipient');
    const usdc = (await signer('usdc-mint')).address;
    const usd2022 = (await signer('usd-token-2022-mint')).address;
    const ownerMint = (await signer('owner-mint')).address;
    const altAddress = (await signer('lookup-table')).address;

    await node.rpc('requestAirdrop', [payer.address, 100_000_000_000]);
    // Recipients already exist on chain (as they do in life), so small SOL credits keep them rent-exempt.
    await node.rpc('requestAirdrop', [payee.address, 1_000_000_000]);
    await node.rpc('requestAirdrop', [feeRecipient.address, 1_000_000_000]);
    await node.rpc('localnet_createMint', [{ decimals: DECIMALS, address: usdc }]);
    await node.rpc('localnet_createMint', [{ decimals: DECIMALS, address: usd2022, tokenProgram: TOKEN_2022_PROGRAM }]);
    await node.rpc('localnet_createMint', [{ decimals: DECIMALS, address: ownerMint }]);
    const { tokenAccount: payerUsdc } = await node.rpc('localnet_mintTo', [{ mint: usdc, owner: payer.address, amount: '100000000' }]);
    const { tokenAccount: payer2022 } = await node.rpc('localnet_mintTo', [{ mint: usd2022, owner: payer.address, amount: '100000000' }]);
    const ata = async (owner, mint, tokenProgram = TOKEN_PROGRAM_ADDRESS) => (await findAssociatedTokenPda({ owner, mint, tokenProgram }))[0];

    const record = async (name, feePayer, instructions, { version = 'legacy', tables } = {}) => {
      const { value: lifetime } = await node.rpc('getLatestBlockhash', [{ commitment: 'processed' }]);
      const message = pipe(
        createTransactionMessage({ version }),
        (m) => setTransactionMessageFeePayerSigner(feePayer, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: lifetime.blockhash, lastValidBlockHeight: BigInt(lifetime.lastValidBlockHeight) }, m),
        (m) => appendTransactionMessageInstructions(instructions, m),
        (m) => (tables ? compressTransactionMessageUsingAddressLookupTables(m, tables) : m),
      );
      const sig = await send(node, getBase64EncodedWireTransaction(await signTransactionMessageWithSigners(message)));
      const tx = await until(() => node.rpc('getTransaction', [sig, { encoding: 'json', commitment: 'confirmed', maxSupportedTransactionVersion: 0 }]), { what: name });
      if (tx.meta.err) throw new Error(`${name} failed on chain: ${JSON.stringify(tx.meta.err)}`);
      writeFileSync(join(out, `${name}.json`), `${JSON.stringify(tx, null, 2)}\n`);
      console.error(`recorded ${name} (${sig})`);
    };

    // (1) v0 + lookup table: SOL to the payee and the fee recipient, both loaded from the table (as a router or
    // a wallet with a saved table sends them); Memo v2 signed by the payer.
    const solTable = [payee.address, feeRecipient.address];
    await node.rpc('localnet_createLookupTable', [{ addresses: solTable, address: altAddress }]);
    await record('v0-alt-sol', payer, [
      memo('ATP:fixture-v0-alt-sol', [payer]),
      getTransferSolInstruction({ source: payer, destination: payee.address, amount: 2_000_000n }),
      getTransferSolInstruction({ source: payer, destination: feeRecipient.address, amount: 20_000n }),
    ], { version: 0, tables: { [altAddress]: solTable } });

    // (1b) v0 + lookup table for USDC: the mint and both credited token accounts come from the table.
    const payeeUsdc = await ata(payee.address, usdc);
    const feeUsdc = await ata(feeRecipient.address, usdc);
    const usdcTable = [usdc, payeeUsdc, feeUsdc];
    const usdcAlt = (await signer('lookup-table-usdc')).address;
    await node.rpc('localnet_createLookupTable', [{ addresses: usdcTable, address: usdcAlt }]);
    await node.rpc('localnet_mintTo', [{ mint: usdc, owner: payee.address, amount: '0' }]);
    await node.rpc('localnet_mintTo', [{ mint: usdc, owner: feeRecipient.address, amount: '0' }]);
    await record('v0-alt-usdc', payer, [
      getTransferCheckedInstruction({ source: payerUsdc, mint: usdc, destination: payeeUsdc, authority: payer, amount: 990_000n, decimals: DECIMALS }),
      getTransferCheckedInstruction({ source: payerUsdc, mint: usdc, destination: feeUsdc, authority: payer, amount: 10_000n, decimals: DECIMALS }),
      memo('ATP:fixture-v0-alt-usdc'),
    ], { version: 0, tables: { [usdcAlt]: usdcTable } });

    // (2) Memo v2 written by the client (before the transfers, signed by the payer, as Solana Pay wallets do);
    // the recipients' token accounts are created idempotently in the same transaction.
    await record('memo-v2-usdc', payer, [
      memo('ATP:fixture-memo-v2-usdc', [payer]),
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: payeeUsdc, owner: payee.address, mint: usdc }),
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: feeUsdc, owner: feeRecipient.address, mint: usdc }),
      getTransferCheckedInstruction({ source: payerUsdc, mint: usdc, destination: payeeUsdc, authority: payer, amount: 1_500_000n, decimals: DECIMALS }),
      getTransferCheckedInstruction({ source: payerUsdc, mint: usdc, destination: feeUsdc, authority: payer, amount: 15_000n, decimals: DECIMALS }),
    ]);

    // (3) Token-2022 TransferChecked (the layout is SPL Token's; the client targets Token-2022 by program address),
    // creating the recipients' Token-2022 associated token accounts first.
    const payee2022 = await ata(payee.address, usd2022, TOKEN_2022_PROGRAM);
    const fee2022 = await ata(feeRecipient.address, usd2022, TOKEN_2022_PROGRAM);
    const t22 = { programAddress: TOKEN_2022_PROGRAM };
    await record('token-2022-transfer-checked', payer, [
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: payee2022, owner: payee.address, mint: usd2022, tokenProgram: TOKEN_2022_PROGRAM }),
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: fee2022, owner: feeRecipient.address, mint: usd2022, tokenProgram: TOKEN_2022_PROGRAM }),
      getTransferCheckedInstruction({ source: payer2022, mint: usd2022, destination: payee2022, authority: payer, amount: 3_000_000n, decimals: DECIMALS }, t22),
      getTransferCheckedInstruction({ source: payer2022, mint: usd2022, destination: fee2022, authority: payer, amount: 30_000n, decimals: DECIMALS }, t22),
      memo('ATP:fixture-token-2022', [payer]),
    ]);

    // (4a) SOL moved only by a CPI: the Associated Token program tops a pre-funded address up to rent exemption
    // with an inner System transfer from the payer. Nothing at top level transfers.
    const cpiOwner = (await signer('cpi-owner')).address;
    const cpiAta = await ata(cpiOwner, usdc);
    await node.rpc('requestAirdrop', [cpiAta, 1_000_000]);
    await record('cpi-only-sol', payer, [
      memo('ATP:fixture-cpi-only-sol', [payer]),
      getCreateAssociatedTokenInstruction({ payer, ata: cpiAta, owner: cpiOwner, mint: usdc }),
    ]);

    // (4b) USDC moved only by a CPI: RecoverNested makes the Associated Token program TransferChecked a nested
    // account's tokens into the wallet's own token account (then close the nested account).
    const wallet = await signer('nested-wallet');
    await node.rpc('requestAirdrop', [wallet.address, 1_000_000_000]);
    const { tokenAccount: ownerAta } = await node.rpc('localnet_mintTo', [{ mint: ownerMint, owner: wallet.address, amount: '0' }]);
    const { tokenAccount: nestedAta } = await node.rpc('localnet_mintTo', [{ mint: usdc, owner: ownerAta, amount: '2500000' }]);
    const { tokenAccount: walletUsdc } = await node.rpc('localnet_mintTo', [{ mint: usdc, owner: wallet.address, amount: '0' }]);
    await record('cpi-only-usdc', wallet, [
      memo('ATP:fixture-cpi-only-usdc', [wallet]),
      getRecoverNestedAssociatedTokenInstruction({
        nestedAssociatedAccountAddress: nestedAta, nestedTokenMintAddress: usdc, destinationAssociatedAccountAddress: walletUsdc,
        ownerAssociatedAccountAddress: ownerAta, ownerTokenMintAddress: ownerMint, walletAddress: wallet,
      }),
    ]);

    // (5) Legacy, two memos: an invoice reference first (Memo v1, as older wallets write it), the job's memo second.
    await record('legacy-two-memos', payer, [
      getAddMemoInstruction({ memo: 'invoice 2024-0042', signers: [payer] }, { programAddress: MEMO_V1 }),
      memo('ATP:fixture-two-memos', [payer]),
      getTransferSolInstruction({ source: payer, destination: payee.address, amount: 5_000_000n }),
    ]);

    console.log(JSON.stringify({
      out, payer: payer.address, payee: payee.address, feeRecipient: feeRecipient.address, usdc, usd2022,
      lookupTables: [altAddress, usdcAlt], cpiAta, nestedWallet: wallet.address,
    }, null, 2));
  } finally {
    await node.stop();
  }
}

await main();
