// The STOCK x402 client (@x402/fetch 2.27.0, no Tollgate code) pays one request. Used by Tollgate's
// interoperability tests against a Tollgate trade (POST /v1/agent/trade) or a stock @x402/express server that
// settles through Tollgate's facilitator. Prints one JSON line: {status, body, paymentResponse, paymentSignature};
// the Java test then checks the chain and the gateway, never this client's verdict (it returns whatever the paid
// retry answers). paymentSignature is the PAYMENT-SIGNATURE header the client sent on its paid retry (read off the
// platform fetch it was handed; null when it did not pay), so a test can replay the very same settle.
//
// env: URL (required), METHOD (GET|POST, default GET), BODY (JSON text for POST), and the keys of stock-client.mjs.
import { wrapFetchWithPayment, decodePaymentResponseHeader } from "@x402/fetch";
import { stockClient } from "./stock-client.mjs";

const url = process.env.URL;
if (!url) {
  console.error("URL is required");
  process.exit(2);
}
const client = await stockClient();

const init = { method: process.env.METHOD || "GET" };
if (process.env.BODY) {
  init.body = process.env.BODY;
  init.headers = { "Content-Type": "application/json" };
}
let paymentSignature = null;
const recordingFetch = async (input, init) => {
  const request = new Request(input, init);
  paymentSignature = request.headers.get("PAYMENT-SIGNATURE") ?? paymentSignature;
  return fetch(request);
};
const res = await wrapFetchWithPayment(recordingFetch, client)(url, init);
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
