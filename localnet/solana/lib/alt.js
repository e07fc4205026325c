// Address lookup tables: the account layout of the Address Lookup Table program and the resolution of a v0
// message's lookups into loaded addresses, with Agave's rules and error texts (solana-sdk TransactionError).
import { getAddressDecoder, getAddressEncoder } from '@solana/kit';
import { invalidParams } from './errors.js';

export const ALT_PROGRAM = 'AddressLookupTab1e1111111111111111111111111';
/** LookupTableMeta: u32 state tag, deactivation slot, last extended slot, its start index, Option<authority>, u16 padding. */
export const LOOKUP_TABLE_META_SIZE = 56;
export const LOOKUP_TABLE_MAX_ADDRESSES = 256;
const LOOKUP_TABLE_STATE = 1; // ProgramState::LookupTable (0 = Uninitialized)
const U64_MAX = (1n << 64n) - 1n;
const SLOT_HASHES_MAX_ENTRIES = 512; // a deactivated table stays usable while its deactivation slot is this recent

const addrEnc = getAddressEncoder();
const addrDec = getAddressDecoder();

/** The bytes of an active lookup table holding `addresses` (bincode, as the program writes it). */
export function packLookupTable({ addresses, authority = null, lastExtendedSlot = 0n, lastExtendedSlotStartIndex = 0 }) {
  const data = new Uint8Array(LOOKUP_TABLE_META_SIZE + 32 * addresses.length);
  const v = new DataView(data.buffer);
  v.setUint32(0, LOOKUP_TABLE_STATE, true);
  v.setBigUint64(4, U64_MAX, true); // not deactivated
  v.setBigUint64(12, BigInt(lastExtendedSlot), true);
  data[20] = lastExtendedSlotStartIndex;
  if (authority) {
    data[21] = 1;
    data.set(addrEnc.encode(authority), 22);
  }
  addresses.forEach((a, i) => data.set(addrEnc.encode(a), LOOKUP_TABLE_META_SIZE + 32 * i));
  return data;
}

/** Parses a lookup table account's data; null when it is not an initialized table. */
export function unpackLookupTable(data) {
  if (data.length < LOOKUP_TABLE_META_SIZE || (data.length - LOOKUP_TABLE_META_SIZE) % 32 !== 0) return null;
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (v.getUint32(0, true) !== LOOKUP_TABLE_STATE) return null;
  const addresses = [];
  for (let at = LOOKUP_TABLE_META_SIZE; at < data.length; at += 32) addresses.push(addrDec.decode(data.subarray(at, at + 32)));
  return {
    deactivationSlot: v.getBigUint64(4, true),
    lastExtendedSlot: v.getBigUint64(12, true),
    lastExtendedSlotStartIndex: data[20],
    authority: data[21] === 1 ? addrDec.decode(data.subarray(22, 54)) : null,
    addresses,
  };
}

const invalidTransaction = (text) => invalidParams(`invalid transaction: ${text}`);

/**
 * Resolves a compiled v0 message's lookups at `slot`: {writable, readonly}, each in lookup order, the way Agave
 * appends them after the static keys. Throws Agave's -32602 "invalid transaction: ..." for an unusable table.
 */
export function loadAddresses(lookups, slot, getAccount) {
  const loaded = { writable: [], readonly: [] };
  for (const lookup of lookups ?? []) {
    const account = getAccount(lookup.lookupTableAddress);
    if (!account) throw invalidTransaction("Transaction loads an address table account that doesn't exist");
    if (account.programAddress !== ALT_PROGRAM) throw invalidTransaction('Transaction loads an address table account with an invalid owner');
    const table = unpackLookupTable(account.data);
    if (!table) throw invalidTransaction('Transaction loads an address table account with invalid data');
    const current = BigInt(slot);
    if (table.deactivationSlot !== U64_MAX && current > table.deactivationSlot + BigInt(SLOT_HASHES_MAX_ENTRIES)) {
      throw invalidTransaction("Transaction loads an address table account that doesn't exist");
    }
    // Addresses appended in the current slot are not usable until the next one.
    const active = current > table.lastExtendedSlot ? table.addresses.length : table.lastExtendedSlotStartIndex;
    const pick = (i) => {
      if (i >= active) throw invalidTransaction('Transaction address table lookup uses an invalid index');
      return table.addresses[i];
    };
    loaded.writable.push(...lookup.writableIndexes.map(pick));
    loaded.readonly.push(...lookup.readonlyIndexes.map(pick));
  }
  return loaded;
}
