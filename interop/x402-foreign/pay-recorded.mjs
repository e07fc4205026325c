// The STOCK x402 client (@x402/fetch 2.27.0 with @x402/evm / @x402/svm, no Tollgate code in the payment) pays one
// GET, like ../x402-gw/pay.mjs, and also reports the PAYMENT-SIGNATURE header it sent on its paid retry (read off
// the platform fetch it was handed), so a test can replay the very same settle to the facilitator.
// Prints one JSON line: {status, body, paymentResponse, paymentSignature}.
//
// env: URL (required), EVM_PRIVATE_KEY (0x hex) and/or SVM_SECRET_KEY (base58 of 64 bytes), SOLANA_RPC_URL.
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

let paymentSignature = null;
const recordingFetch = async (input, init) => {
  const request = new Request(input, init);
  paymentSignature = request.headers.get("PAYMENT-SIGNATURE") ?? paymentSignature;
  return fetch(request);
};
const res = await wrapFetchWithPayment(recordingFetch, client)(url, { method: "GET" });
const text = await res.text();
let body;
try {
  body = JSON.parse(text);
} catch {
  body = text;
}
const header = res.headers.get("PAYMENT-RESPONSE") || res.headers.get("X-PAYMENT-RESPONSE");
const paymentResponse = header ? decodePaymentResponseHeader(header) : null;
console.log(JSON.stringify({ status: res.status, body, paymentResponse, paymentSignature }));
