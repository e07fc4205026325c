// Reads x402 headers exactly as the STOCK client does (@x402/core 2.27.0's x402HTTPClient, with its schema
// checks), so a test proves our PAYMENT-REQUIRED and PAYMENT-RESPONSE are what stock clients accept.
// env: PAYMENT_REQUIRED and/or PAYMENT_RESPONSE (header values). Prints {paymentRequired, settleResponse} or
// {error} and exits 1.
import { x402Client, x402HTTPClient } from "@x402/core/client";
import { PaymentRequiredV2Schema } from "@x402/core/schemas";

const http = new x402HTTPClient(new x402Client());
const headers = {
  "PAYMENT-REQUIRED": process.env.PAYMENT_REQUIRED,
  "PAYMENT-RESPONSE": process.env.PAYMENT_RESPONSE,
};
const get = (name) => headers[name.toUpperCase()] ?? null;
try {
  const out = {};
  if (process.env.PAYMENT_REQUIRED) {
    out.paymentRequired = http.getPaymentRequiredResponse(get, undefined);
    PaymentRequiredV2Schema.parse(out.paymentRequired); // the protocol's own schema, strictly
  }
  if (process.env.PAYMENT_RESPONSE) {
    out.settleResponse = http.getPaymentSettleResponse(get);
  }
  console.log(JSON.stringify(out));
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
  process.exit(1);
}
