// Signs a Tollgate gasless Polygon payment with viem alone, the way any wallet would: the payer's EIP-3009
// ReceiveWithAuthorization to the FeeSplitter, its nonce committing to the job's terms. No Tollgate code.
//
// argv[2]: JSON terms {rpcUrl, chainId, splitter, token, memo, payee, net, feeRecipient, fee, deadline}
//          (amounts as decimal strings, as a 402's payment_instructions give them)
// env PAYER_KEY: the payer's 0x private key (kept out of argv, which other processes can read)
// stdout: JSON {from, deadline, signature, nonce}: what goes to POST /v1/agent/settle
import { createPublicClient, http, keccak256, toBytes, encodeAbiParameters, parseAbi } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const terms = JSON.parse(process.argv[2]);
const account = privateKeyToAccount(process.env.PAYER_KEY);
const client = createPublicClient({ transport: http(terms.rpcUrl) });
const erc20 = parseAbi(['function name() view returns (string)', 'function version() view returns (string)']);
const [name, version] = await Promise.all([
  client.readContract({ address: terms.token, abi: erc20, functionName: 'name' }),
  client.readContract({ address: terms.token, abi: erc20, functionName: 'version' }),
]);

const jobRef = keccak256(toBytes(terms.memo));
const typehash = keccak256(toBytes('FeeSplitterTerms(address splitter,bytes32 jobRef,address token,address payee,'
  + 'uint256 net,address feeRecipient,uint256 fee,uint256 deadline)'));
const nonce = keccak256(encodeAbiParameters(
  [{ type: 'bytes32' }, { type: 'address' }, { type: 'bytes32' }, { type: 'address' }, { type: 'address' },
   { type: 'uint256' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }],
  [typehash, terms.splitter, jobRef, terms.token, terms.payee, BigInt(terms.net), terms.feeRecipient,
   BigInt(terms.fee), BigInt(terms.deadline)]));

const signature = await account.signTypedData({
  domain: { name, version, chainId: Number(terms.chainId), verifyingContract: terms.token },
  types: {
    ReceiveWithAuthorization: [
      { name: 'from', type: 'address' }, { name: 'to', type: 'address' }, { name: 'value', type: 'uint256' },
      { name: 'validAfter', type: 'uint256' }, { name: 'validBefore', type: 'uint256' }, { name: 'nonce', type: 'bytes32' },
    ],
  },
  primaryType: 'ReceiveWithAuthorization',
  message: {
    from: account.address, to: terms.splitter, value: BigInt(terms.net) + BigInt(terms.fee),
    validAfter: 0n, validBefore: BigInt(terms.deadline) + 1n, nonce,
  },
});
process.stdout.write(JSON.stringify({ from: account.address, deadline: Number(terms.deadline), signature, nonce }));
