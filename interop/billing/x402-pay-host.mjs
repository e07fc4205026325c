// A STOCK x402 client (@x402/fetch's wrapFetchWithPayment) calls an endpoint of a host app billed by Tollgate's
// billing filter (`./tollgate dev` runs two: dev.json's example_host_url and example_servlet_host_url), paying the
// 402 with x402 `exact` on the local Solana node or the local EVM chain. No Tollgate code on this side.
// Usage, from where `./tollgate dev` runs:
//   node interop/billing/x402-pay-host.mjs <url> solana|evm|evm-upto [GET|POST] [json body]
// `evm-upto` pays a usage-priced endpoint with x402 `upto` (@x402/evm's UptoEvmScheme: a Permit2 transfer of at most
// the ceiling, settled at the actual usage); like any Permit2 user, the payer first approves Permit2 on the token
// once (done here with viem when its allowance is short).
// The payer is dev.json's demo payer unless PAYER_EVM_KEY (0x hex) or PAYER_SOLANA_SECRET (base58 keypair) names
// another; DEV_JSON names another dev.json. Prints one JSON line: status, content_type, content_length, body (JSON
// when it parses, else text), payment (the decoded PAYMENT-RESPONSE or null), or error when the client threw.
import { readFileSync } from "node:fs";
import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from "@x402/fetch";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { ExactSvmScheme } from "@x402/svm/exact/client";
import { UptoEvmScheme } from "@x402/evm/upto/client";
import { createPublicClient, createWalletClient, defineChain, erc20Abi, http, maxUint256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { base58 } from "@scure/base";

const [url, rail = "solana", method = "GET", body] = process.argv.slice(2);
if (!url || !["solana", "evm", "evm-upto"].includes(rail)) {
  console.error("usage: node interop/billing/x402-pay-host.mjs <url> solana|evm|evm-upto [GET|POST] [json body]");
  process.exit(2);
}
const dev = JSON.parse(readFileSync(process.env.DEV_JSON ?? ".tollgate/dev.json", "utf8"));
// only the wanted rail's scheme is registered, so the client picks that rail's entry of the 402's accepts
const client = new x402Client();
if (rail === "evm") {
  client.register("eip155:*", new ExactEvmScheme(privateKeyToAccount(process.env.PAYER_EVM_KEY || dev.payer.evm_private_key)));
} else if (rail === "evm-upto") {
  const account = privateKeyToAccount(process.env.PAYER_EVM_KEY || dev.payer.evm_private_key);
  await approvePermit2(account);
  client.register("eip155:*", new UptoEvmScheme(account));
} else {
  const secret = base58.decode(process.env.PAYER_SOLANA_SECRET || dev.payer.solana_secret_key);
  // dev advertises its local Solana under devnet's id: point the client's RPC at the local node
  client.register("solana:*", new ExactSvmScheme(await createKeyPairSignerFromBytes(secret), { rpcUrl: dev.solana_rpc_url }));
}
client.setSpendControls(false); // dev's USDC is a local token, not one of the client's default assets

try {
  const res = await wrapFetchWithPayment(fetch, client)(url, {
    method, headers: body ? { "Content-Type": "application/json" } : {}, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* SSE or text */ }
  const paid = res.headers.get("PAYMENT-RESPONSE");
  console.log(JSON.stringify({ status: res.status, content_type: res.headers.get("content-type"),
    content_length: res.headers.get("content-length"), body: json ?? text,
    payment: paid ? decodePaymentResponseHeader(paid) : null }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e) }));
}

/** Permit2's one-time approval on dev's USDC (Permit2 then moves only what the payer signs for, per request). */
async function approvePermit2(account) {
  const PERMIT2 = "0x000000000022D473030F116dDEE9F6B43aC78BA3";
  const chain = defineChain({ id: dev.evm_chain_id, name: "tollgate-dev", nativeCurrency: { name: "POL", symbol: "POL", decimals: 18 },
    rpcUrls: { default: { http: [dev.evm_rpc_url] } } });
  const reader = createPublicClient({ chain, transport: http(dev.evm_rpc_url) });
  const allowance = await reader.readContract({ address: dev.evm_usdc, abi: erc20Abi, functionName: "allowance",
    args: [account.address, PERMIT2] });
  if (allowance >= maxUint256 / 2n) return;
  const wallet = createWalletClient({ account, chain, transport: http(dev.evm_rpc_url) });
  const hash = await wallet.writeContract({ address: dev.evm_usdc, abi: erc20Abi, functionName: "approve", args: [PERMIT2, maxUint256] });
  await reader.waitForTransactionReceipt({ hash });
}
