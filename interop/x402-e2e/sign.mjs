// Signs x402 payments for a PAYMENT-REQUIRED header with the STOCK client (@x402/core's x402Client and
// x402HTTPClient, @x402/evm / @x402/svm exact schemes), exactly what @x402/fetch would send on its paid retry, but
// handed to the Java test instead of sent: the tests replay, tamper with or fire them concurrently.
// env: PAYMENT_REQUIRED (the header value), EVM_PRIVATE_KEY (0x hex) or SVM_SECRET_KEY (base58 of 64 bytes) with
//      SOLANA_RPC_URL, COUNT (fresh signatures, default 1), SIGN_TIMEOUT_SECONDS (optional: sign as if the offer's
//      maxTimeoutSeconds were this, so the authorisation expires sooner; `accepted` still echoes the offer).
// stdout: a JSON array of PAYMENT-SIGNATURE header values. Exit 1 with the client's error on stderr.
import { x402HTTPClient } from "@x402/core/client";
import { stockClient } from "../x402-gw/stock-client.mjs";

const client = await stockClient();
const http = new x402HTTPClient(client);
try {
  const offered = http.getPaymentRequiredResponse((name) =>
    name.toUpperCase() === "PAYMENT-REQUIRED" ? process.env.PAYMENT_REQUIRED : null);
  const signWith = structuredClone(offered);
  if (process.env.SIGN_TIMEOUT_SECONDS) {
    for (const a of signWith.accepts) a.maxTimeoutSeconds = Number(process.env.SIGN_TIMEOUT_SECONDS);
  }
  const out = [];
  for (let i = 0; i < Number(process.env.COUNT || 1); i++) {
    const payload = await client.createPaymentPayload(signWith);
    if (process.env.SIGN_TIMEOUT_SECONDS) {
      payload.accepted = offered.accepts.find((a) => a.network === payload.accepted.network);
    }
    out.push(http.encodePaymentSignatureHeader(payload)["PAYMENT-SIGNATURE"]);
  }
  process.stdout.write(JSON.stringify(out) + "\n");
} catch (e) {
  process.stderr.write(String(e?.message ?? e) + "\n");
  process.exit(1);
}
