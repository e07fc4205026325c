// Signs an x402 `upto` payment for a PAYMENT-REQUIRED header with the STOCK client (@x402/core's x402Client and
// x402HTTPClient with @x402/evm's UptoEvmScheme), exactly what @x402/fetch would send on its paid retry, handed to
// the Java test instead of sent (it then replays or reuses it). The payer must have approved Permit2 beforehand.
// env: PAYMENT_REQUIRED (the header value), EVM_PRIVATE_KEY (0x hex). stdout: the PAYMENT-SIGNATURE header value.
// Exit 1 with the client's error on stderr.
import { x402Client, x402HTTPClient } from "@x402/core/client";
import { UptoEvmScheme } from "@x402/evm/upto/client";
import { privateKeyToAccount } from "viem/accounts";

const client = new x402Client();
client.register("eip155:*", new UptoEvmScheme(privateKeyToAccount(process.env.EVM_PRIVATE_KEY)));
// local test tokens are not the client's "default assets" (x402.md §1.9): spend controls off for the tests only
client.setSpendControls(false);
const http = new x402HTTPClient(client);
try {
  const offered = http.getPaymentRequiredResponse((name) =>
    name.toUpperCase() === "PAYMENT-REQUIRED" ? process.env.PAYMENT_REQUIRED : null);
  const payload = await client.createPaymentPayload(offered);
  process.stdout.write(http.encodePaymentSignatureHeader(payload)["PAYMENT-SIGNATURE"] + "\n");
} catch (e) {
  process.stderr.write(String(e?.message ?? e) + "\n");
  process.exit(1);
}
