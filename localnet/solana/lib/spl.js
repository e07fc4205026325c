// SPL Token account layouts (the classic 82-byte mint and 165-byte token account, which Token-2022 shares as
// its base layout), UI amounts and the jsonParsed shapes Agave's account decoder produces.
import { getAddressDecoder, getAddressEncoder, getProgramDerivedAddress } from '@solana/kit';

export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
export const ATA_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
export const MINT_SIZE = 82;
export const TOKEN_ACCOUNT_SIZE = 165;

const addrEnc = getAddressEncoder();
const addrDec = getAddressDecoder();
const isTokenProgram = (owner) => owner === TOKEN_PROGRAM || owner === TOKEN_2022_PROGRAM;

// Token-2022 accounts with extensions are longer; byte 165 then holds the account type (1 mint, 2 account).
export function tokenAccountKind(owner, data) {
  if (!isTokenProgram(owner)) return null;
  if (data.length === TOKEN_ACCOUNT_SIZE) return 'account';
  if (data.length === MINT_SIZE) return 'mint';
  if (owner === TOKEN_2022_PROGRAM && data.length > TOKEN_ACCOUNT_SIZE) {
    return data[TOKEN_ACCOUNT_SIZE] === 2 ? 'account' : data[TOKEN_ACCOUNT_SIZE] === 1 ? 'mint' : null;
  }
  return null;
}

const view = (data) => new DataView(data.buffer, data.byteOffset, data.byteLength);
const optionKey = (data, at) => (view(data).getUint32(at, true) === 1 ? addrDec.decode(data.subarray(at + 4, at + 36)) : null);

export function unpackMint(data) {
  return {
    mintAuthority: optionKey(data, 0),
    supply: view(data).getBigUint64(36, true),
    decimals: data[44],
    isInitialized: data[45] === 1,
    freezeAuthority: optionKey(data, 46),
  };
}

export function unpackTokenAccount(data) {
  const v = view(data);
  return {
    mint: addrDec.decode(data.subarray(0, 32)),
    owner: addrDec.decode(data.subarray(32, 64)),
    amount: v.getBigUint64(64, true),
    delegate: optionKey(data, 72),
    state: data[108],
    isNative: v.getUint32(109, true) === 1 ? v.getBigUint64(113, true) : null,
    delegatedAmount: v.getBigUint64(121, true),
    closeAuthority: optionKey(data, 129),
  };
}

function writeOptionKey(data, at, key) {
  if (!key) return;
  view(data).setUint32(at, 1, true);
  data.set(addrEnc.encode(key), at + 4);
}

export function packMint({ mintAuthority = null, supply = 0n, decimals, freezeAuthority = null }) {
  const data = new Uint8Array(MINT_SIZE);
  writeOptionKey(data, 0, mintAuthority);
  view(data).setBigUint64(36, BigInt(supply), true);
  data[44] = decimals;
  data[45] = 1; // is_initialized
  writeOptionKey(data, 46, freezeAuthority);
  return data;
}

export function packTokenAccount({ mint, owner, amount }) {
  const data = new Uint8Array(TOKEN_ACCOUNT_SIZE);
  data.set(addrEnc.encode(mint), 0);
  data.set(addrEnc.encode(owner), 32);
  view(data).setBigUint64(64, BigInt(amount), true);
  data[108] = 1; // AccountState::Initialized
  return data;
}

export function setTokenAmount(data, amount) { view(data).setBigUint64(64, amount, true); }
export function setMintSupply(data, supply) { view(data).setBigUint64(36, supply, true); }

/** Associated token account address: PDA of [owner, tokenProgram, mint] under the ATA program. */
export async function associatedTokenAddress(owner, mint, tokenProgram = TOKEN_PROGRAM) {
  const [address] = await getProgramDerivedAddress({
    programAddress: ATA_PROGRAM,
    seeds: [addrEnc.encode(owner), addrEnc.encode(tokenProgram), addrEnc.encode(mint)],
  });
  return address;
}

/** Agave's UiTokenAmount: uiAmount is an f64, uiAmountString the exact trimmed decimal. */
export function uiTokenAmount(amount, decimals) {
  const digits = amount.toString();
  let uiAmountString = digits;
  if (decimals > 0) {
    const padded = digits.padStart(decimals + 1, '0');
    uiAmountString = `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`.replace(/\.?0+$/, '');
  }
  return { amount: digits, decimals, uiAmount: Number(amount) / 10 ** decimals, uiAmountString };
}

const STATES = ['uninitialized', 'initialized', 'frozen'];

/** jsonParsed `data` for a token account or mint, or null when the account is neither. */
export function parseTokenAccountData(owner, data, getMintDecimals) {
  const kind = tokenAccountKind(owner, data);
  const program = owner === TOKEN_PROGRAM ? 'spl-token' : 'spl-token-2022';
  if (kind === 'mint') {
    const m = unpackMint(data);
    const info = {
      decimals: m.decimals, freezeAuthority: m.freezeAuthority, isInitialized: m.isInitialized,
      mintAuthority: m.mintAuthority, supply: m.supply.toString(),
    };
    return { program, parsed: { info, type: 'mint' }, space: data.length };
  }
  if (kind === 'account') {
    const a = unpackTokenAccount(data);
    const decimals = getMintDecimals(a.mint);
    if (decimals == null) return null; // Agave cannot parse a token account whose mint is missing
    const info = {
      isNative: a.isNative !== null, mint: a.mint, owner: a.owner, state: STATES[a.state] ?? 'uninitialized',
      tokenAmount: uiTokenAmount(a.amount, decimals),
    };
    if (a.delegate) {
      info.delegate = a.delegate;
      info.delegatedAmount = uiTokenAmount(a.delegatedAmount, decimals);
    }
    if (a.isNative !== null) info.rentExemptReserve = uiTokenAmount(a.isNative, 9);
    if (a.closeAuthority) info.closeAuthority = a.closeAuthority;
    return { program, parsed: { info, type: 'account' }, space: data.length };
  }
  return null;
}
