// The chain: one LiteSVM instance plus what a validator has and LiteSVM lacks: wall-clock slots, a window of
// valid blockhashes, and a permanent record of every landed transaction (which also gives replay protection).
import { createPublicKey, verify } from 'node:crypto';
import { Clock, FailedTransactionMetadata, LiteSVM } from 'litesvm';
import {
  appendTransactionMessageInstruction, createTransactionMessage, generateKeyPairSigner, getBase58Decoder,
  getBase58Encoder, getCompiledTransactionMessageDecoder, getShortU16Decoder, getTransactionDecoder,
  getTransactionEncoder, pipe, setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { loadAddresses } from './alt.js';
import { invalidParams, preflightFailure, RpcError, txErrorText, txErrorToJson } from './errors.js';
import { tokenAccountKind, unpackMint, unpackTokenAccount, uiTokenAmount } from './spl.js';

export const LAMPORTS_PER_SIGNATURE = 5000n;
export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
const COMPUTE_BUDGET_PROGRAM = 'ComputeBudget111111111111111111111111111111';
const MEMO_V1 = 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo';
const PACKET_DATA_SIZE = 1232;
const SLOTS_PER_EPOCH = 432_000;
const FAUCET_LAMPORTS = 1_000_000_000n * 1_000_000_000n; // one billion SOL

const b58 = getBase58Decoder(); // bytes -> base58 string
const b58enc = getBase58Encoder(); // base58 string -> bytes
const messageDecoder = getCompiledTransactionMessageDecoder();
const txDecoder = getTransactionDecoder();

export class Chain {
  constructor({ slotMs = 400, blockhashValidSlots = 150, finalizeSlots = 32 } = {}) {
    Object.assign(this, { slotMs, blockhashValidSlots, finalizeSlots });
    // History 0: LiteSVM must not reject resends by itself (we keep our own, permanent record instead) and
    // must not remember transactions that never landed.
    this.svm = new LiteSVM().withTransactionHistory(0n);
    this.records = new Map(); // signature -> record (see execute())
    this.blockhashes = new Map(); // blockhash -> slot it was produced in
    this.startMs = Date.now();
    this.slot = 0;
    this.transactionCount = 0;
    this.airdropNonce = 0;
    this.blockhashes.set(this.svm.latestBlockhash(), 0);
    this.setClock();
  }

  async init() {
    this.faucet = await generateKeyPairSigner();
    this.setLamports(this.faucet.address, FAUCET_LAMPORTS);
    return this;
  }

  // ---- slots and blockhashes ------------------------------------------------------------------------------

  /** Brings the slot up to the wall clock; called before every request. A new slot gets a new blockhash. */
  tick() {
    const slot = Math.floor((Date.now() - this.startMs) / this.slotMs);
    if (slot <= this.slot) return;
    this.slot = slot;
    this.svm.expireBlockhash();
    this.blockhashes.set(this.svm.latestBlockhash(), slot);
    for (const [hash, s] of this.blockhashes) { // oldest first (insertion order)
      if (s + this.blockhashValidSlots >= slot) break;
      this.blockhashes.delete(hash);
    }
    this.setClock();
  }

  setClock() {
    const epoch = BigInt(Math.floor(this.slot / SLOTS_PER_EPOCH));
    const now = BigInt(Math.floor(Date.now() / 1000));
    this.svm.setClock(new Clock(BigInt(this.slot), now, epoch, epoch, now));
  }

  /** The slot that a read at this commitment sees (Agave's default commitment is finalized). */
  commitmentSlot(commitment) {
    if (commitment === 'processed') return this.slot;
    if (commitment === 'confirmed') return Math.max(0, this.slot - 1);
    return Math.max(0, this.slot - this.finalizeSlots);
  }

  latestBlockhash() {
    const blockhash = this.svm.latestBlockhash();
    return { blockhash, lastValidBlockHeight: this.blockhashes.get(blockhash) + this.blockhashValidSlots };
  }

  /** Like Agave: a blockhash from slot s can be used while the current slot is <= s + valid-slots. */
  isBlockhashValid(hash) {
    const s = this.blockhashes.get(hash);
    return s !== undefined && this.slot <= s + this.blockhashValidSlots;
  }

  // ---- accounts ----------------------------------------------------------------------------------------

  getAccount(address) {
    const a = this.svm.getAccount(address);
    return a.exists && a.lamports > 0n ? a : null;
  }

  setLamports(address, lamports) {
    const a = this.getAccount(address);
    this.svm.setAccount({
      address, lamports, data: a?.data ?? new Uint8Array(), programAddress: a?.programAddress ?? SYSTEM_PROGRAM,
      executable: a?.executable ?? false, space: BigInt(a?.data.length ?? 0),
    });
  }

  mintDecimals(mint) {
    const a = this.getAccount(mint);
    return a && tokenAccountKind(a.programAddress, a.data) === 'mint' ? unpackMint(a.data).decimals : null;
  }

  /** Agave's pre/postTokenBalances entries for the token accounts among a message's keys. */
  tokenBalances(keys) {
    const out = [];
    keys.forEach((key, accountIndex) => {
      const a = this.getAccount(key);
      if (!a || tokenAccountKind(a.programAddress, a.data) !== 'account') return;
      const t = unpackTokenAccount(a.data);
      const decimals = this.mintDecimals(t.mint);
      if (decimals == null) return;
      out.push({
        accountIndex, mint: t.mint, owner: t.owner, programId: a.programAddress,
        uiTokenAmount: uiTokenAmount(t.amount, decimals),
      });
    });
    return out;
  }

  // ---- transactions ------------------------------------------------------------------------------------

  /** Wire bytes -> parsed transaction, with Agave's -32602 for anything malformed. */
  parse(bytes) {
    if (bytes.length > PACKET_DATA_SIZE) {
      throw invalidParams(`encoded solana_transaction::versioned::VersionedTransaction too large: ${bytes.length} bytes (max: ${PACKET_DATA_SIZE} bytes)`);
    }
    let tx, message, signatures;
    try {
      const [count, offset] = getShortU16Decoder().read(bytes, 0);
      signatures = Array.from({ length: count }, (_, i) => bytes.subarray(offset + 64 * i, offset + 64 * (i + 1)));
      tx = txDecoder.decode(bytes);
      message = messageDecoder.decode(tx.messageBytes);
    } catch (e) {
      throw invalidParams(`failed to deserialize solana_transaction::versioned::VersionedTransaction: ${e.message}`);
    }
    const statics = message.staticAccounts;
    const lookups = message.addressTableLookups ?? [];
    // Like Agave's message sanitizer: programs are static keys, accounts may also index the lookups' entries.
    const keyCount = statics.length + lookups.reduce((n, l) => n + l.writableIndexes.length + l.readonlyIndexes.length, 0);
    const sane = signatures.length > 0 && signatures.length === message.header.numSignerAccounts
      && signatures.every((s) => s.length === 64)
      && message.instructions.every((ix) => ix.programAddressIndex > 0 && ix.programAddressIndex < statics.length
        && (ix.accountIndices ?? []).every((i) => i < keyCount));
    if (!sane) throw invalidParams('invalid transaction: Transaction failed to sanitize accounts offsets correctly');
    // v0: the static keys, then the addresses loaded from lookup tables (writable, then read-only), as Agave orders them.
    const loaded = loadAddresses(lookups, this.slot, (a) => this.getAccount(a));
    const keys = [...statics, ...loaded.writable, ...loaded.readonly];
    return { bytes, tx, message, keys, loaded, signatures, signature: b58.decode(signatures[0]) };
  }

  verifySignatures(p) {
    const ok = p.signatures.every((sig, i) => {
      try {
        return verify(null, p.tx.messageBytes, ed25519Key(p.keys[i]), sig);
      } catch {
        return false; // not a valid public key
      }
    });
    if (!ok) throw new RpcError(-32003, 'Transaction signature verification failure');
  }

  /** Our blockhash rule, then LiteSVM's only for hashes we do not know (e.g. a durable nonce). */
  withBlockhashRule(p, { sigverify = true, replaceBlockhash = false } = {}, run) {
    if (this.records.has(p.signature) && !replaceBlockhash) return { err: 'AlreadyProcessed' };
    const known = this.blockhashes.has(p.message.lifetimeToken);
    if (known && !this.isBlockhashValid(p.message.lifetimeToken) && !replaceBlockhash) return { err: 'BlockhashNotFound' };
    this.svm.withBlockhashCheck(!(known || replaceBlockhash)).withSigverify(sigverify);
    try {
      return { result: run() };
    } finally {
      this.svm.withBlockhashCheck(true).withSigverify(true);
    }
  }

  simulate(p, opts) {
    const { err, result } = this.withBlockhashRule(p, opts, () => this.svm.simulateTransaction(p.tx));
    if (err) return { err, logs: [], unitsConsumed: 0, returnData: null, innerInstructions: null };
    const failed = result instanceof FailedTransactionMetadata;
    const meta = result.meta();
    return {
      err: failed ? txErrorToJson(result.err()) : null,
      logs: meta.logs(),
      unitsConsumed: Number(meta.computeUnitsConsumed()),
      returnData: returnData(meta),
      innerInstructions: null,
    };
  }

  /** sendTransaction: preflight unless skipped, then execute at most once. Returns the signature. */
  send(p, { skipPreflight = false } = {}) {
    if (!skipPreflight) {
      const sim = this.simulate(p);
      // Agave catches these while sanitizing, before simulation, and answers "invalid transaction".
      if (sim.err === 'SanitizeFailure' || sim.err === 'AccountLoadedTwice') throw invalidParams(`invalid transaction: ${txErrorText(sim.err)}`);
      if (sim.err) throw preflightFailure(sim.err, sim.logs, sim.unitsConsumed);
    }
    this.execute(p);
    return p.signature;
  }

  /**
   * Executes a parsed transaction and records it if it landed, i.e. succeeded or failed after its fee was
   * charged (like a validator, a transaction whose fee cannot be paid or whose blockhash has expired is
   * dropped). Never executes a recorded signature again.
   */
  execute(p) {
    const { keys } = p;
    if (this.records.has(p.signature)) return this.records.get(p.signature);
    const preBalances = keys.map((k) => this.svm.getBalance(k) ?? 0n);
    const preTokenBalances = this.tokenBalances(keys);
    const { err: ruleErr, result } = this.withBlockhashRule(p, {}, () => this.svm.sendTransaction(p.tx));
    if (ruleErr) return null;
    const postBalances = keys.map((k) => this.svm.getBalance(k) ?? 0n);
    const failed = result instanceof FailedTransactionMetadata;
    // Lamports only move between the transaction's own accounts, so what disappeared is the fee.
    const fee = preBalances.reduce((a, b) => a + b, 0n) - postBalances.reduce((a, b) => a + b, 0n);
    if (failed && fee <= 0n) return null;
    const meta = failed ? result.meta() : result;
    const record = {
      signature: p.signature,
      slot: this.slot,
      blockTime: Math.floor(Date.now() / 1000),
      err: failed ? txErrorToJson(result.err()) : null,
      fee,
      bytes: p.bytes,
      message: p.message,
      loaded: p.loaded,
      signatures: p.signatures.map((s) => b58.decode(s)),
      preBalances,
      postBalances,
      preTokenBalances,
      postTokenBalances: this.tokenBalances(keys),
      logs: meta.logs(),
      innerInstructions: innerInstructions(meta),
      computeUnits: meta.computeUnitsConsumed(),
      returnData: returnData(meta),
    };
    this.records.set(p.signature, record);
    this.transactionCount++;
    return record;
  }

  /** A real transfer from the faucet, landed like any other transaction (without preflight, like Agave). */
  async airdrop(address, lamports) {
    let p;
    for (let memo = null; ; memo = `airdrop ${++this.airdropNonce}`) {
      // An identical airdrop in the same slot would have the same signature: make it unique with a memo.
      p = this.parse(await this.faucetTransaction(address, lamports, memo));
      if (!this.records.has(p.signature)) break;
    }
    this.execute(p);
    return p.signature;
  }

  async faucetTransaction(destination, amount, memo) {
    const message = pipe(
      createTransactionMessage({ version: 'legacy' }),
      (m) => setTransactionMessageFeePayerSigner(this.faucet, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(this.latestBlockhash(), m),
      (m) => appendTransactionMessageInstruction(getTransferSolInstruction({ source: this.faucet, destination, amount }), m),
      (m) => (memo ? appendTransactionMessageInstruction(
        { programAddress: MEMO_V1, data: new TextEncoder().encode(memo) }, m) : m),
    );
    return new Uint8Array(getTransactionEncoder().encode(await signTransactionMessageWithSigners(message)));
  }

  /** Fee of a compiled message: 5000 per signature plus any priority fee (ceil(price * limit / 1e6)). */
  feeForMessage(message) {
    let fee = LAMPORTS_PER_SIGNATURE * BigInt(message.header.numSignerAccounts);
    let price = 0n;
    let limit = null;
    let others = 0;
    for (const ix of message.instructions) {
      const data = ix.data ?? new Uint8Array();
      if (message.staticAccounts[ix.programAddressIndex] !== COMPUTE_BUDGET_PROGRAM) { others++; continue; }
      const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
      if (data[0] === 2 && data.length >= 5) limit = BigInt(v.getUint32(1, true));
      if (data[0] === 3 && data.length >= 9) price = v.getBigUint64(1, true);
    }
    if (price > 0n) {
      // Default limit approximated as 200k per non-compute-budget instruction (Agave reserves less for builtins).
      const cuLimit = limit ?? BigInt(Math.min(1_400_000, 200_000 * others));
      fee += (price * cuLimit + 999_999n) / 1_000_000n;
    }
    return fee;
  }

  epochInfo(slot) {
    return {
      absoluteSlot: slot, blockHeight: slot, epoch: Math.floor(slot / SLOTS_PER_EPOCH),
      slotIndex: slot % SLOTS_PER_EPOCH, slotsInEpoch: SLOTS_PER_EPOCH, transactionCount: this.transactionCount,
    };
  }
}

const keyCache = new Map();
function ed25519Key(address) {
  let key = keyCache.get(address);
  if (!key) {
    if (keyCache.size > 10_000) keyCache.clear();
    const x = Buffer.from(b58enc.encode(address)).toString('base64url');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    keyCache.set(address, key);
  }
  return key;
}

function returnData(meta) {
  const rd = meta.returnData();
  const data = rd.data();
  if (!data.length) return null;
  return { programId: b58.decode(rd.programId()), data: [Buffer.from(data).toString('base64'), 'base64'] };
}

function innerInstructions(meta) {
  return meta.innerInstructions().flatMap((list, index) => (list.length ? [{
    index,
    instructions: list.map((inner) => {
      const ix = inner.instruction();
      return {
        programIdIndex: ix.programIdIndex(), accounts: Array.from(ix.accounts()), data: b58.decode(ix.data()),
        stackHeight: inner.stackHeight(),
      };
    }),
  }] : []));
}
