// Agave-compatible error values: LiteSVM's error objects -> the JSON `err` that a validator returns, plus
// the human-readable text Agave prints (used in "Transaction simulation failed: <text>").

/** A JSON-RPC error carried through the handlers. */
export class RpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

export const invalidParams = (message) => new RpcError(-32602, message);

// Order = LiteSVM's TransactionErrorFieldless enum (litesvm/dist/internal.d.ts), names = Agave's.
const TX_FIELDLESS = [
  'AccountInUse', 'AccountLoadedTwice', 'AccountNotFound', 'ProgramAccountNotFound', 'InsufficientFundsForFee',
  'InvalidAccountForFee', 'AlreadyProcessed', 'BlockhashNotFound', 'CallChainTooDeep', 'MissingSignatureForFee',
  'InvalidAccountIndex', 'SignatureFailure', 'InvalidProgramForExecution', 'SanitizeFailure', 'ClusterMaintenance',
  'AccountBorrowOutstanding', 'WouldExceedMaxBlockCostLimit', 'UnsupportedVersion', 'InvalidWritableAccount',
  'WouldExceedMaxAccountCostLimit', 'WouldExceedAccountDataBlockLimit', 'TooManyAccountLocks',
  'AddressLookupTableNotFound', 'InvalidAddressLookupTableOwner', 'InvalidAddressLookupTableData',
  'InvalidAddressLookupTableIndex', 'InvalidRentPayingAccount', 'WouldExceedMaxVoteCostLimit',
  'WouldExceedAccountDataTotalLimit', 'MaxLoadedAccountsDataSizeExceeded', 'ResanitizationNeeded',
  'InvalidLoadedAccountsDataSizeLimit', 'UnbalancedTransaction', 'ProgramCacheHitMaxLimit', 'CommitCancelled',
];

// Order = LiteSVM's InstructionErrorFieldless enum.
const IX_FIELDLESS = [
  'GenericError', 'InvalidArgument', 'InvalidInstructionData', 'InvalidAccountData', 'AccountDataTooSmall',
  'InsufficientFunds', 'IncorrectProgramId', 'MissingRequiredSignature', 'AccountAlreadyInitialized',
  'UninitializedAccount', 'UnbalancedInstruction', 'ModifiedProgramId', 'ExternalAccountLamportSpend',
  'ExternalAccountDataModified', 'ReadonlyLamportChange', 'ReadonlyDataModified', 'DuplicateAccountIndex',
  'ExecutableModified', 'RentEpochModified', 'NotEnoughAccountKeys', 'AccountDataSizeChanged',
  'AccountNotExecutable', 'AccountBorrowFailed', 'AccountBorrowOutstanding', 'DuplicateAccountOutOfSync',
  'InvalidError', 'ExecutableDataModified', 'ExecutableLamportChange', 'ExecutableAccountNotRentExempt',
  'UnsupportedProgramId', 'CallDepth', 'MissingAccount', 'ReentrancyNotAllowed', 'MaxSeedLengthExceeded',
  'InvalidSeeds', 'InvalidRealloc', 'ComputationalBudgetExceeded', 'PrivilegeEscalation',
  'ProgramEnvironmentSetupFailure', 'ProgramFailedToComplete', 'ProgramFailedToCompile', 'Immutable',
  'IncorrectAuthority', 'AccountNotRentExempt', 'InvalidAccountOwner', 'ArithmeticOverflow', 'UnsupportedSysvar',
  'IllegalOwner', 'MaxAccountsDataAllocationsExceeded', 'MaxAccountsExceeded', 'MaxInstructionTraceLengthExceeded',
  'BuiltinProgramsMustConsumeComputeUnits', 'BorshIoError',
];

/** LiteSVM FailedTransactionMetadata.err() -> Agave JSON TransactionError. */
export function txErrorToJson(e) {
  if (typeof e === 'number') return TX_FIELDLESS[e] ?? `Unknown(${e})`;
  const kind = e?.constructor?.name;
  if (kind === 'TransactionErrorInstructionError') return { InstructionError: [e.index, ixErrorToJson(e.err())] };
  if (kind === 'TransactionErrorDuplicateInstruction') return { DuplicateInstruction: e.index };
  if (kind === 'TransactionErrorInsufficientFundsForRent') return { InsufficientFundsForRent: { account_index: e.accountIndex } };
  if (kind === 'TransactionErrorProgramExecutionTemporarilyRestricted') {
    return { ProgramExecutionTemporarilyRestricted: { account_index: e.accountIndex } };
  }
  return String(e);
}

function ixErrorToJson(e) {
  if (typeof e === 'number') return IX_FIELDLESS[e] ?? `Unknown(${e})`;
  if (e?.constructor?.name === 'InstructionErrorCustom') return { Custom: e.code };
  if (e?.constructor?.name === 'InstructionErrorBorshIo') return { BorshIoError: e.msg };
  return String(e);
}

// Agave's Display texts for the errors a payment gateway is likely to meet; others fall back to the name.
const TX_TEXT = {
  AccountNotFound: 'Attempt to debit an account but found no record of a prior credit.',
  ProgramAccountNotFound: 'Attempt to load a program that does not exist',
  InsufficientFundsForFee: 'Insufficient funds for fee',
  InvalidAccountForFee: 'This account may not be used to pay transaction fees',
  AlreadyProcessed: 'This transaction has already been processed',
  BlockhashNotFound: 'Blockhash not found',
  SignatureFailure: 'Transaction did not pass signature verification',
  SanitizeFailure: 'Transaction failed to sanitize accounts offsets correctly',
  InvalidAccountIndex: 'Transaction contains an invalid account reference',
  AccountLoadedTwice: 'Account loaded twice',
  UnsupportedVersion: 'Transaction version is unsupported',
};
const IX_TEXT = {
  GenericError: 'generic instruction error',
  InvalidArgument: 'invalid program argument',
  InvalidInstructionData: 'invalid instruction data',
  InvalidAccountData: 'invalid account data for instruction',
  AccountDataTooSmall: 'account data too small for instruction',
  InsufficientFunds: 'insufficient funds for instruction',
  IncorrectProgramId: 'incorrect program id for instruction',
  MissingRequiredSignature: 'missing required signature for instruction',
  AccountAlreadyInitialized: 'instruction requires an uninitialized account',
  UninitializedAccount: 'instruction requires an initialized account',
  NotEnoughAccountKeys: 'insufficient account keys for instruction',
  IllegalOwner: 'Provided owner is not allowed',
  InvalidAccountOwner: 'Invalid account owner',
  ComputationalBudgetExceeded: 'Computational budget exceeded',
  ProgramFailedToComplete: 'Program failed to complete',
};

/** Agave's Display text of a JSON TransactionError. */
export function txErrorText(err) {
  if (typeof err === 'string') return TX_TEXT[err] ?? err;
  if (err.InstructionError) {
    const [index, ix] = err.InstructionError;
    let text;
    if (typeof ix === 'string') text = IX_TEXT[ix] ?? ix;
    else if ('Custom' in ix) text = `custom program error: 0x${ix.Custom.toString(16)}`;
    else text = JSON.stringify(ix);
    return `Error processing Instruction ${index}: ${text}`;
  }
  if (err.InsufficientFundsForRent) {
    return `Transaction results in an account (${err.InsufficientFundsForRent.account_index}) with insufficient funds for rent`;
  }
  if ('DuplicateInstruction' in err) return `Transaction contains a duplicate instruction (${err.DuplicateInstruction}) that is not allowed`;
  return JSON.stringify(err);
}

/** The -32002 error that Agave answers when preflight simulation fails. */
export function preflightFailure(err, logs = [], unitsConsumed = 0) {
  return new RpcError(-32002, `Transaction simulation failed: ${txErrorText(err)}`, {
    err, logs, accounts: null, unitsConsumed, returnData: null, innerInstructions: null, replacementBlockhash: null,
  });
}
