// The STOCK x402 client (@x402/fetch 2.27.0, keyed by ../x402-gw/stock-client.mjs) paying one resource COUNT times
// with CLIENTS payments in flight at once (each client pays, waits for the paid answer, pays again). Used by
// ./tollgate bench (bench/.../X402Scenario) against a Tollgate trade or a stock @x402/express server.
// Prints one JSON line: {paid, failed, seconds, p50_ms, p99_ms, max_ms, statuses}. A payment counts as paid when
// the paid retry answers 200 with a PAYMENT-RESPONSE header that reports success.
//
// env: URL (required), METHOD (GET|POST, default GET), BODY (JSON text for POST), CLIENTS (default 1),
//      COUNT (default 10), and the keys of stock-client.mjs (EVM_PRIVATE_KEY / SVM_SECRET_KEY, SOLANA_RPC_URL).
import { wrapFetchWithPayment, decodePaymentResponseHeader } from "@x402/fetch";
import { stockClient } from "../x402-gw/stock-client.mjs";

const url = process.env.URL;
if (!url) {
  console.error("URL is required");
  process.exit(2);
}
const clients = Number(process.env.CLIENTS || 1);
const count = Number(process.env.COUNT || 10);
const pay = wrapFetchWithPayment(fetch, await stockClient());
const init = () => {
  const i = { method: process.env.METHOD || "GET" };
  if (process.env.BODY) {
    i.body = process.env.BODY;
    i.headers = { "Content-Type": "application/json" };
  }
  return i;
};

let taken = 0;
let paid = 0;
let failed = 0;
const latencies = [];
const statuses = {};
async function loop() {
  while (taken < count) {
    taken++;
    const t0 = performance.now();
    let ok = false;
    try {
      const res = await pay(url, init());
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] || 0) + 1;
      const header = res.headers.get("PAYMENT-RESPONSE");
      ok = res.status === 200 && header !== null && decodePaymentResponseHeader(header).success === true;
    } catch (e) {
      statuses.error = (statuses.error || 0) + 1;
    }
    latencies.push(performance.now() - t0);
    ok ? paid++ : failed++;
  }
}
const start = performance.now();
await Promise.all(Array.from({ length: clients }, loop));
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : 0);
console.log(JSON.stringify({ paid, failed, seconds, p50_ms: at(0.5), p99_ms: at(0.99),
  max_ms: latencies.length ? latencies[latencies.length - 1] : 0, statuses }));
