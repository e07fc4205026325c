// Signs, without sending, the EIP-1559 transaction a Tollgate 402's Polygon payment_instructions describe, with
// viem alone, as any wallet would: what a buyer hands to POST /v1/agent/settle as signed_transaction. No Tollgate code.
//
// argv[2]: JSON {rpcUrl, chainId, to, data, value} (to = splitter, data = calldata, value = wei as a decimal string)
// env PAYER_KEY: the payer's 0x private key (kept out of argv)
// stdout: JSON {raw}: the signed type-2 transaction, 0x hex (base64 its bytes for the settle body)
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const req = JSON.parse(process.argv[2]);
const account = privateKeyToAccount(process.env.PAYER_KEY);
const client = createPublicClient({ transport: http(req.rpcUrl) });
const tx = { account, to: req.to, data: req.data, value: BigInt(req.value) };
const [nonce, gas, fees] = await Promise.all([
  client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
  client.estimateGas(tx),
  client.estimateFeesPerGas(),
]);
const raw = await account.signTransaction({
  type: 'eip1559', chainId: Number(req.chainId), nonce, to: req.to, data: req.data, value: BigInt(req.value),
  gas: gas + gas / 4n, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
});
process.stdout.write(JSON.stringify({ raw }));
