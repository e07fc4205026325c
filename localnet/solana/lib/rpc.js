// JSON-RPC method handlers: Agave's request and response shapes over a Chain.
import { createHash, randomBytes } from 'node:crypto';
import { getBase58Decoder, getBase58Encoder, getCompiledTransactionMessageDecoder, isAddress } from '@solana/kit';
import { ALT_PROGRAM, LOOKUP_TABLE_MAX_ADDRESSES, packLookupTable } from './alt.js';
import { invalidParams, RpcError } from './errors.js';
import { LAMPORTS_PER_SIGNATURE } from './chain.js';
import { meetsCommitment, renderStatus, renderTransaction } from './records.js';
import {
  associatedTokenAddress, packMint, packTokenAccount, parseTokenAccountData, setMintSupply, setTokenAmount,
  tokenAccountKind, TOKEN_2022_PROGRAM, TOKEN_ACCOUNT_SIZE, TOKEN_PROGRAM, MINT_SIZE, uiTokenAmount, unpackMint,
  unpackTokenAccount,
} from './spl.js';

const API_VERSION = '2.2.20'; // the Agave line this node imitates
const U64_MAX = (1n << 64n) - 1n;
const b58 = getBase58Decoder();
const b58enc = getBase58Encoder();
// Stable fake identities: 32 bytes derived from a fixed label, base58-encoded.
const fakeKey = (label) => b58.decode(createHash('sha256').update(label).digest());
const GENESIS_HASH = fakeKey('tollgate-localnet-solana-genesis');
const IDENTITY = fakeKey('tollgate-localnet-solana-identity');

function address(value, what = 'address') {
  if (typeof value !== 'string' || !isAddress(value)) throw invalidParams(`Invalid param: ${what} is not a valid base58 public key`);
  return value;
}

function u64(value, what) {
  let n;
  try { n = BigInt(value); } catch { n = -1n; }
  if ((typeof value !== 'string' && typeof value !== 'number') || n < 0n || n > U64_MAX) {
    throw invalidParams(`Invalid param: ${what} must be an unsigned 64-bit integer`);
  }
  return n;
}

// Agave's bounds on an encoded transaction (solana-rpc: MAX_BASE58_SIZE, MAX_BASE64_SIZE), checked before decoding.
const MAX_BASE58_SIZE = 1683;
const MAX_BASE64_SIZE = 1644;
const TX_TYPE = 'solana_transaction::versioned::VersionedTransaction';
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]*$/;
const BASE64_CHAR = /[A-Za-z0-9+/]/;

/** Agave's -32602 texts for what its base58 and base64 decoders refuse (their Debug forms). */
function strictBase64(data) {
  const body = data.replace(/={1,2}$/, '');
  for (let i = 0; i < body.length; i++) {
    if (!BASE64_CHAR.test(body[i])) throw invalidParams(`invalid base64 encoding: InvalidByte(${i}, ${body.charCodeAt(i)})`);
  }
  if (data.length % 4 !== 0) throw invalidParams(`invalid base64 encoding: InvalidLength(${data.length})`);
  return new Uint8Array(Buffer.from(data, 'base64'));
}

function strictBase58(data) {
  for (let i = 0; i < data.length; i++) {
    if (!BASE58.test(data[i])) throw invalidParams(`invalid base58 encoding: InvalidCharacter { character: '${data[i]}', index: ${i} }`);
  }
  return new Uint8Array(b58enc.encode(data));
}

function decodeWire(data, encoding = 'base58') {
  if (typeof data !== 'string') throw invalidParams('Invalid params: invalid type: expected a string.');
  if (encoding === 'base64') {
    if (data.length > MAX_BASE64_SIZE) {
      throw invalidParams(`base64 encoded ${TX_TYPE} too large: ${data.length} bytes (max: encoded/raw ${MAX_BASE64_SIZE}/1232)`);
    }
    return strictBase64(data);
  }
  if (encoding === 'base58') {
    if (data.length > MAX_BASE58_SIZE) {
      throw invalidParams(`base58 encoded ${TX_TYPE} too large: ${data.length} bytes (max: encoded/raw ${MAX_BASE58_SIZE}/1232)`);
    }
    return strictBase58(data);
  }
  throw invalidParams(`Invalid params: unsupported encoding: ${encoding}. Supported encodings: base58, base64`);
}

/**
 * Agave's verify_signature: `Signature::from_str`, whose errors print as "Invalid param: WrongSize" (more than 88
 * characters, or not 64 bytes) and "Invalid param: Invalid" (not base58). The length is checked first.
 */
export function signature(value) {
  if (typeof value !== 'string') throw invalidParams('Invalid params: invalid type: expected a string.');
  if (value.length > 88) throw invalidParams('Invalid param: WrongSize');
  if (!BASE58.test(value)) throw invalidParams('Invalid param: Invalid');
  if (b58enc.encode(value).length !== 64) throw invalidParams('Invalid param: WrongSize');
  return value;
}

const COMMITMENTS = ['processed', 'confirmed', 'finalized'];

/** Agave rejects any commitment but these three (serde camelCase): e.g. "CONFIRMED" is an error. */
export function checkCommitments(params) {
  for (const p of params) {
    if (!p || typeof p !== 'object' || Array.isArray(p)) continue;
    for (const key of ['commitment', 'preflightCommitment']) {
      if (p[key] != null && !COMMITMENTS.includes(p[key])) {
        throw invalidParams(`Invalid params: unknown variant \`${p[key]}\`, expected one of \`processed\`, \`confirmed\`, \`finalized\`.`);
      }
    }
  }
}

export function createHandlers(chain) {
  const context = () => ({ apiVersion: API_VERSION, slot: chain.slot });
  const withContext = (value) => ({ context: context(), value });

  function encodeAccount(acc, { encoding = 'binary', dataSlice } = {}) {
    let data = acc.data;
    const common = { lamports: acc.lamports, owner: acc.programAddress, executable: acc.executable, rentEpoch: U64_MAX, space: acc.data.length };
    if (encoding === 'jsonParsed') {
      const parsed = parseTokenAccountData(acc.programAddress, data, (mint) => chain.mintDecimals(mint));
      if (parsed) return { ...common, data: parsed };
      encoding = 'base64'; // Agave falls back to base64 for accounts it cannot parse
    }
    if (dataSlice) data = data.subarray(dataSlice.offset ?? 0, (dataSlice.offset ?? 0) + (dataSlice.length ?? data.length));
    let encoded;
    if (encoding === 'base64') encoded = [Buffer.from(data).toString('base64'), 'base64'];
    else if (encoding === 'binary' || encoding === 'base58') {
      if (data.length > 128) throw invalidParams('Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.');
      encoded = encoding === 'binary' ? b58.decode(data) : [b58.decode(data), 'base58'];
    } else throw invalidParams(`Invalid params: unsupported account encoding: ${encoding}`);
    return { lamports: common.lamports, data: encoded, owner: common.owner, executable: common.executable, rentEpoch: U64_MAX, space: common.space };
  }

  const accountOrNull = (key, config) => {
    const acc = chain.getAccount(address(key));
    return acc ? encodeAccount(acc, config) : null;
  };

  function tokenAccount(key) {
    const acc = chain.getAccount(address(key));
    if (!acc || tokenAccountKind(acc.programAddress, acc.data) !== 'account') throw invalidParams('Invalid param: not a Token account');
    return { acc, token: unpackTokenAccount(acc.data) };
  }

  function parseTx(params, defaultEncoding) {
    const config = params[1] ?? {};
    return { p: chain.parse(decodeWire(params[0], config.encoding ?? defaultEncoding)), config };
  }

  return {
    getHealth: () => 'ok',
    getVersion: () => ({ 'solana-core': API_VERSION, 'feature-set': 3_294_202_862 }),
    getGenesisHash: () => GENESIS_HASH,
    getIdentity: () => ({ identity: IDENTITY }),
    getSlot: ([config] = []) => chain.commitmentSlot(config?.commitment),
    getBlockHeight: ([config] = []) => chain.commitmentSlot(config?.commitment),
    getEpochInfo: ([config] = []) => chain.epochInfo(chain.commitmentSlot(config?.commitment)),
    getTransactionCount: () => chain.transactionCount,

    getLatestBlockhash: () => withContext(chain.latestBlockhash()),
    getRecentBlockhash: () => withContext({
      blockhash: chain.latestBlockhash().blockhash, feeCalculator: { lamportsPerSignature: Number(LAMPORTS_PER_SIGNATURE) },
    }),
    isBlockhashValid: ([hash] = []) => withContext(chain.isBlockhashValid(hash)),
    getFeeForMessage: ([message] = []) => {
      let m;
      try {
        m = getCompiledTransactionMessageDecoder().decode(Buffer.from(message, 'base64'));
      } catch (e) {
        throw invalidParams(`invalid message: ${e.message}`);
      }
      return withContext(chain.isBlockhashValid(m.lifetimeToken) ? chain.feeForMessage(m) : null);
    },
    getMinimumBalanceForRentExemption: ([len] = []) => chain.svm.minimumBalanceForRentExemption(u64(len ?? 0, 'data length')),

    getBalance: ([key] = []) => withContext(chain.getAccount(address(key))?.lamports ?? 0n),
    getAccountInfo: ([key, config] = []) => withContext(accountOrNull(key, config)),
    getMultipleAccounts: ([keys, config] = []) => {
      if (!Array.isArray(keys) || keys.length > 100) throw invalidParams('Invalid params: expected an array of at most 100 public keys');
      return withContext(keys.map((k) => accountOrNull(k, config)));
    },
    getTokenAccountBalance: ([key] = []) => {
      const { token } = tokenAccount(key);
      return withContext(uiTokenAmount(token.amount, chain.mintDecimals(token.mint) ?? 0));
    },
    getTokenAccountsByOwner: ([owner, filter, config] = []) => {
      address(owner, 'owner');
      let program;
      if (filter?.mint) {
        const mint = chain.getAccount(address(filter.mint, 'mint'));
        if (!mint || tokenAccountKind(mint.programAddress, mint.data) !== 'mint') throw invalidParams('Invalid param: could not find mint');
        program = mint.programAddress;
      } else if (filter?.programId) {
        if (![TOKEN_PROGRAM, TOKEN_2022_PROGRAM].includes(filter.programId)) throw invalidParams('Invalid param: unrecognized Token program id');
        program = filter.programId;
      } else throw invalidParams('Invalid params: expected a filter object with "mint" or "programId"');
      const value = chain.svm.getProgramAccounts(program)
        .filter((acc) => tokenAccountKind(acc.programAddress, acc.data) === 'account' && acc.lamports > 0n)
        .filter((acc) => {
          const t = unpackTokenAccount(acc.data);
          return t.owner === owner && (!filter.mint || t.mint === filter.mint);
        })
        .map((acc) => ({ pubkey: acc.address, account: encodeAccount(acc, config) }));
      return withContext(value);
    },

    sendTransaction: (params = []) => {
      const { p, config } = parseTx(params, 'base58');
      chain.verifySignatures(p);
      return chain.send(p, { skipPreflight: config.skipPreflight === true });
    },
    simulateTransaction: (params = []) => {
      const { p, config } = parseTx(params, 'base58');
      const sigVerify = config.sigVerify === true;
      const replace = config.replaceRecentBlockhash === true;
      if (sigVerify && replace) throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
      if (sigVerify) chain.verifySignatures(p);
      const sim = chain.simulate(p, { sigverify: sigVerify, replaceBlockhash: replace });
      return withContext({
        err: sim.err, logs: sim.logs, accounts: null, unitsConsumed: sim.unitsConsumed, returnData: sim.returnData,
        innerInstructions: null, replacementBlockhash: replace ? chain.latestBlockhash() : null,
      });
    },
    requestAirdrop: async ([key, lamports] = []) => chain.airdrop(address(key), u64(lamports, 'lamports')),

    getSignatureStatuses: ([signatures] = []) => {
      if (!Array.isArray(signatures) || signatures.length > 256) throw invalidParams('Invalid params: expected an array of at most 256 signatures');
      signatures.forEach(signature); // all are checked before any is looked up, as Agave does
      return withContext(signatures.map((s) => {
        const r = chain.records.get(s);
        return r ? renderStatus(r, chain.slot, chain.finalizeSlots) : null;
      }));
    },
    getTransaction: ([sig, config] = []) => {
      signature(sig);
      if (typeof config === 'string') config = { encoding: config };
      const encoding = config?.encoding ?? 'json';
      const commitment = config?.commitment ?? 'finalized';
      const maxSupportedTransactionVersion = config?.maxSupportedTransactionVersion;
      if (commitment === 'processed') throw invalidParams('Method does not support commitment below `confirmed`');
      if (encoding !== 'json' && encoding !== 'base64') throw invalidParams(`Invalid params: unsupported encoding: ${encoding}. Supported here: json, base64`);
      const r = chain.records.get(sig);
      if (!r || !meetsCommitment(r, chain.slot, chain.finalizeSlots, commitment)) return null;
      if (r.message.version !== 'legacy' && (maxSupportedTransactionVersion ?? -1) < r.message.version) {
        throw new RpcError(-32015, `Transaction version (${r.message.version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": ${r.message.version}`);
      }
      return renderTransaction(r, encoding);
    },

    // ---- test fixtures (not Solana methods) ------------------------------------------------------------

    /** [{decimals, mintAuthority?, freezeAuthority?, address?, tokenProgram?}] -> {mint} */
    localnet_createMint: ([opts] = []) => {
      const { decimals, mintAuthority = null, freezeAuthority = null, tokenProgram = TOKEN_PROGRAM } = opts ?? {};
      if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) throw invalidParams('Invalid params: decimals must be an integer 0..255');
      if (![TOKEN_PROGRAM, TOKEN_2022_PROGRAM].includes(tokenProgram)) throw invalidParams('Invalid param: unrecognized Token program id');
      if (mintAuthority) address(mintAuthority, 'mintAuthority');
      if (freezeAuthority) address(freezeAuthority, 'freezeAuthority');
      const mint = opts.address ? address(opts.address) : b58.decode(randomBytes(32));
      if (chain.getAccount(mint)) throw invalidParams(`Invalid params: account ${mint} already exists`);
      chain.svm.setAccount({
        address: mint, lamports: chain.svm.minimumBalanceForRentExemption(BigInt(MINT_SIZE)), programAddress: tokenProgram,
        executable: false, data: packMint({ mintAuthority, freezeAuthority, decimals }), space: BigInt(MINT_SIZE),
      });
      return { mint };
    },

    /**
     * [{addresses, authority?, address?}] -> {lookupTable}: an active, rent-exempt address lookup table owned by
     * the Address Lookup Table program, holding `addresses` in order and usable at once (as if extended in an
     * earlier slot). Random address unless `address` is given (must not exist yet).
     */
    localnet_createLookupTable: ([opts] = []) => {
      const { addresses, authority = null } = opts ?? {};
      if (!Array.isArray(addresses) || addresses.length === 0 || addresses.length > LOOKUP_TABLE_MAX_ADDRESSES) {
        throw invalidParams(`Invalid params: addresses must be an array of 1..${LOOKUP_TABLE_MAX_ADDRESSES} public keys`);
      }
      addresses.forEach((a) => address(a, 'addresses[]'));
      if (authority) address(authority, 'authority');
      const table = opts.address ? address(opts.address) : b58.decode(randomBytes(32));
      if (chain.getAccount(table)) throw invalidParams(`Invalid params: account ${table} already exists`);
      const data = packLookupTable({
        addresses, authority, lastExtendedSlot: BigInt(chain.slot), lastExtendedSlotStartIndex: addresses.length,
      });
      chain.svm.setAccount({
        address: table, lamports: chain.svm.minimumBalanceForRentExemption(BigInt(data.length)), programAddress: ALT_PROGRAM,
        executable: false, data, space: BigInt(data.length),
      });
      return { lookupTable: table };
    },

    /** [{mint, owner, amount}] -> {tokenAccount}: creates owner's ATA if missing, adds amount, bumps supply. */
    localnet_mintTo: async ([opts] = []) => {
      const mint = address(opts?.mint, 'mint');
      const owner = address(opts?.owner, 'owner');
      const amount = u64(opts?.amount, 'amount');
      const mintAcc = chain.getAccount(mint);
      if (!mintAcc || tokenAccountKind(mintAcc.programAddress, mintAcc.data) !== 'mint') throw invalidParams('Invalid param: could not find mint');
      const program = mintAcc.programAddress;
      const supply = unpackMint(mintAcc.data).supply + amount;
      if (supply > U64_MAX) throw invalidParams('Invalid params: mint supply would overflow u64');
      const tokenAccount = await associatedTokenAddress(owner, mint, program);
      const existing = chain.getAccount(tokenAccount);
      let data;
      if (existing) {
        if (tokenAccountKind(existing.programAddress, existing.data) !== 'account' || unpackTokenAccount(existing.data).mint !== mint) {
          throw invalidParams(`Invalid params: ${tokenAccount} is not a token account of mint ${mint}`);
        }
        data = new Uint8Array(existing.data);
        setTokenAmount(data, unpackTokenAccount(data).amount + amount);
      } else {
        data = packTokenAccount({ mint, owner, amount });
      }
      chain.svm.setAccount({
        address: tokenAccount, programAddress: program, executable: false, data, space: BigInt(data.length),
        lamports: existing?.lamports ?? chain.svm.minimumBalanceForRentExemption(BigInt(TOKEN_ACCOUNT_SIZE)),
      });
      const mintData = new Uint8Array(mintAcc.data);
      setMintSupply(mintData, supply);
      chain.svm.setAccount({ ...mintAcc, data: mintData });
      return { tokenAccount };
    },
  };
}
