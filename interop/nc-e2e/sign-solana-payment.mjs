// Builds and signs, without sending, the Solana transaction a Tollgate 402's payment_instructions describe, with
// @solana/kit alone, as any wallet would: what a buyer hands to POST /v1/agent/settle as signed_transaction.
// No Tollgate code. SOL: two System transfers; a token: two TransferChecked between associated token accounts (they
// must exist already); then the memo through Memo v2. When the instructions name a fee_payer (the gateway sponsors
// the network fee) the payer signs only its own slot and the fee payer's is left for the gateway.
//
// argv[2]: JSON {rpcUrl, instructions} (instructions = the 402's payment_instructions, as sent)
// env PAYER_SECRET: the payer's 64-byte keypair as a JSON array (kept out of argv, which other processes can read)
// stdout: JSON {transaction}: standard base64 of the wire bytes
import {
  AccountRole, address, appendTransactionMessageInstructions, createKeyPairSignerFromBytes, createSolanaRpc,
  createTransactionMessage, getAddressEncoder, getBase64EncodedWireTransaction, getProgramDerivedAddress,
  partiallySignTransactionMessageWithSigners, pipe, setTransactionMessageFeePayer,
  setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';

const SYSTEM = address('11111111111111111111111111111111');
const MEMO_V2 = address('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr');
const ATA_PROGRAM = address('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');

const { rpcUrl, instructions: pay } = JSON.parse(process.argv[2]);
const secret = Uint8Array.from(JSON.parse(process.env.PAYER_SECRET));
const payer = await createKeyPairSignerFromBytes(secret);
secret.fill(0);
const rpc = createSolanaRpc(rpcUrl);

function u64(bytes, offset, value) {
  new DataView(bytes.buffer).setBigUint64(offset, BigInt(value), true);
}

function systemTransfer(to, lamports) {
  const data = new Uint8Array(12);
  new DataView(data.buffer).setUint32(0, 2, true);
  u64(data, 4, lamports);
  return { programAddress: SYSTEM, data, accounts: [
    { address: payer.address, role: AccountRole.WRITABLE_SIGNER, signer: payer },
    { address: address(to), role: AccountRole.WRITABLE }] };
}

async function ata(owner, mint, tokenProgram) {
  const enc = getAddressEncoder();
  const [pda] = await getProgramDerivedAddress({ programAddress: ATA_PROGRAM,
    seeds: [enc.encode(address(owner)), enc.encode(tokenProgram), enc.encode(mint)] });
  return pda;
}

async function transferChecked(to, amount, mint, tokenProgram, decimals) {
  const data = new Uint8Array(10);
  data[0] = 12;
  u64(data, 1, amount);
  data[9] = decimals;
  return { programAddress: tokenProgram, data, accounts: [
    { address: await ata(payer.address, mint, tokenProgram), role: AccountRole.WRITABLE },
    { address: mint, role: AccountRole.READONLY },
    { address: await ata(to, mint, tokenProgram), role: AccountRole.WRITABLE },
    { address: payer.address, role: AccountRole.READONLY_SIGNER, signer: payer }] };
}

const ixs = [];
if (pay.asset === 'SOL') {
  for (const t of pay.transfers) ixs.push(systemTransfer(t.to, t.amount));
} else {
  const mint = address(pay.asset);
  const tokenProgram = address(pay.token_program);
  // the mint's decimals: byte 44 of its account (after the mint authority option and the supply)
  const { value: account } = await rpc.getAccountInfo(mint, { encoding: 'base64' }).send();
  const decimals = Buffer.from(account.data[0], 'base64')[44];
  for (const t of pay.transfers) ixs.push(await transferChecked(t.to, t.amount, mint, tokenProgram, decimals));
}
ixs.push({ programAddress: MEMO_V2, data: new TextEncoder().encode(pay.memo), accounts: [] });

const { value: latest } = await rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
const message = pipe(
  createTransactionMessage({ version: 0 }),
  m => pay.fee_payer ? setTransactionMessageFeePayer(address(pay.fee_payer), m) : setTransactionMessageFeePayerSigner(payer, m),
  m => setTransactionMessageLifetimeUsingBlockhash(latest, m),
  m => appendTransactionMessageInstructions(ixs, m));
const signed = await partiallySignTransactionMessageWithSigners(message);
process.stdout.write(JSON.stringify({ transaction: getBase64EncodedWireTransaction(signed) }) + '\n');
