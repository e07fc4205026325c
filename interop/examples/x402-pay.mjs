// A STOCK x402 client (@x402/fetch's wrapFetchWithPayment) pays a `./tollgate dev` trade in USDC on the local Solana
// node or the local EVM chain, with the demo payer's keys from .tollgate/dev.json. No Tollgate code on this side.
// Usage, from where `./tollgate dev` runs:  node interop/examples/x402-pay.mjs solana|polygon [.tollgate/dev.json]
import { readFileSync } from "node:fs";
import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from "@x402/fetch";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { ExactSvmScheme } from "@x402/svm/exact/client";
import { privateKeyToAccount } from "viem/accounts";
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { base58 } from "@scure/base";

const [network = "solana", file = ".tollgate/dev.json"] = process.argv.slice(2);
const dev = JSON.parse(readFileSync(file, "utf8"));
const client = new x402Client()
  .register("eip155:*", new ExactEvmScheme(privateKeyToAccount(dev.payer.evm_private_key)))
  // dev advertises its local Solana under devnet's id (stock clients accept no other): point the RPC at the node
  .register("solana:*", new ExactSvmScheme(await createKeyPairSignerFromBytes(base58.decode(dev.payer.solana_secret_key)),
    { rpcUrl: dev.solana_rpc_url }));
client.setSpendControls(false); // dev's USDC is a local token, not one of the client's default assets

const trade = { agent_config: { agent_name: "demo" }, task: "Summarise x402", payment_token: "USDC",
  ...(network === "solana" ? { user_wallet: dev.payer.solana_pubkey } : { network, user_wallet: dev.payer.evm_address }) };
const res = await wrapFetchWithPayment(fetch, client)(new URL("/v1/agent/trade", dev.gateway_url), {
  method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(trade) });
const body = await res.json();
const paid = res.headers.get("PAYMENT-RESPONSE");
console.log(JSON.stringify({ status: res.status, job_id: body.job_id, agent_output: body.agent_output,
  payment: paid ? decodePaymentResponseHeader(paid) : null }, null, 2));
