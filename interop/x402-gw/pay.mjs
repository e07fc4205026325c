// The STOCK x402 client (@x402/fetch 2.27.0, no Tollgate code) pays one request. Used by Tollgate's
// interoperability tests against a Tollgate trade (POST /v1/agent/trade) or a stock @x402/express server that
// settles through Tollgate's facilitator. Prints one JSON line: {status, body, paymentResponse}; the Java test then
// checks the chain and the gateway, never this client's verdict (it returns whatever the paid retry answers).
//
// env: URL (required), METHOD (GET|POST, default GET), BODY (JSON text for POST),
//      EVM_PRIVATE_KEY (0x hex) and/or SVM_SECRET_KEY (base58 of 64 bytes), SOLANA_RPC_URL (for the SVM client).
import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from "@x402/fetch";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { ExactSvmScheme } from "@x402/svm/exact/client";
import { privateKeyToAccount } from "viem/accounts";
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { base58 } from "@scure/base";

const url = process.env.URL;
if (!url) {
  console.error("URL is required");
  process.exit(2);
}
const client = new x402Client();
if (process.env.EVM_PRIVATE_KEY) {
  client.register("eip155:*", new ExactEvmScheme(privateKeyToAccount(process.env.EVM_PRIVATE_KEY)));
}
if (process.env.SVM_SECRET_KEY) {
  const signer = await createKeyPairSignerFromBytes(base58.decode(process.env.SVM_SECRET_KEY));
  client.register("solana:*", new ExactSvmScheme(signer, { rpcUrl: process.env.SOLANA_RPC_URL }));
}
// local test tokens are not the client's "default assets" (x402.md §1.9): spend controls off for the test only
client.setSpendControls(false);

const init = { method: process.env.METHOD || "GET" };
if (process.env.BODY) {
  init.body = process.env.BODY;
  init.headers = { "Content-Type": "application/json" };
}
const paidFetch = wrapFetchWithPayment(fetch, client);
const res = await paidFetch(url, init);
const text = await res.text();
let body;
try {
  body = JSON.parse(text);
} catch {
  body = text;
}
const header = res.headers.get("PAYMENT-RESPONSE") || res.headers.get("X-PAYMENT-RESPONSE");
const paymentResponse = header ? decodePaymentResponseHeader(header) : null;
console.log(JSON.stringify({ status: res.status, body, paymentResponse }));
