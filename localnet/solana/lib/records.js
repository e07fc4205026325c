// Renders the chain's transaction records the way Agave's getTransaction and getSignatureStatuses do.
import { getBase58Decoder } from '@solana/kit';

const b58 = getBase58Decoder();

/** processed at once, confirmed one slot later, finalized `finalizeSlots` later. */
export function confirmationStatus(record, slot, finalizeSlots) {
  if (slot >= record.slot + finalizeSlots) return 'finalized';
  return slot >= record.slot + 1 ? 'confirmed' : 'processed';
}

const COMMITMENT_RANK = { processed: 0, confirmed: 1, finalized: 2 };

/** Whether a record is visible to a read at `commitment`. */
export function meetsCommitment(record, slot, finalizeSlots, commitment) {
  return COMMITMENT_RANK[confirmationStatus(record, slot, finalizeSlots)] >= COMMITMENT_RANK[commitment];
}

export function renderStatus(record, slot, finalizeSlots) {
  const confirmationStatus_ = confirmationStatus(record, slot, finalizeSlots);
  return {
    slot: record.slot,
    confirmations: confirmationStatus_ === 'finalized' ? null : slot - record.slot,
    err: record.err,
    status: record.err ? { Err: record.err } : { Ok: null },
    confirmationStatus: confirmationStatus_,
  };
}

function renderMessage(m) {
  const message = {
    accountKeys: m.staticAccounts,
    header: {
      numRequiredSignatures: m.header.numSignerAccounts,
      numReadonlySignedAccounts: m.header.numReadonlySignerAccounts,
      numReadonlyUnsignedAccounts: m.header.numReadonlyNonSignerAccounts,
    },
    recentBlockhash: m.lifetimeToken,
    instructions: m.instructions.map((ix) => ({
      programIdIndex: ix.programAddressIndex,
      accounts: ix.accountIndices ?? [],
      data: b58.decode(ix.data ?? new Uint8Array()),
      stackHeight: null,
    })),
  };
  if (m.version !== 'legacy') {
    message.addressTableLookups = (m.addressTableLookups ?? []).map((l) => ({
      accountKey: l.lookupTableAddress, writableIndexes: l.writableIndexes, readonlyIndexes: l.readonlyIndexes,
    }));
  }
  return message;
}

/** getTransaction result for encoding 'json' or 'base64'. */
export function renderTransaction(record, encoding) {
  const meta = {
    err: record.err,
    status: record.err ? { Err: record.err } : { Ok: null },
    fee: record.fee,
    preBalances: record.preBalances,
    postBalances: record.postBalances,
    innerInstructions: record.innerInstructions,
    logMessages: record.logs,
    preTokenBalances: record.preTokenBalances,
    postTokenBalances: record.postTokenBalances,
    rewards: [],
    loadedAddresses: { writable: record.loaded?.writable ?? [], readonly: record.loaded?.readonly ?? [] },
    computeUnitsConsumed: record.computeUnits,
  };
  if (record.returnData) meta.returnData = record.returnData;
  const transaction = encoding === 'base64'
    ? [Buffer.from(record.bytes).toString('base64'), 'base64']
    : { signatures: record.signatures, message: renderMessage(record.message) };
  return {
    slot: record.slot,
    blockTime: record.blockTime,
    meta,
    transaction,
    version: record.message.version === 'legacy' ? 'legacy' : record.message.version,
  };
}
