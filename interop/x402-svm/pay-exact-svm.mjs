// The STOCK @x402/svm 2.27.0 client signs a payment for a PaymentRequired object; no code of ours on its side.
// env: RPC_URL (the local node), PAYER_SECRET (base58 of the 64-byte keypair), PAYMENT_REQUIRED (JSON).
// stdout: the PaymentPayload JSON, one line. Exit 1 with the client's error on stderr.
import { x402Client } from "@x402/core/client";
import { ExactSvmScheme } from "@x402/svm/exact/client";
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { base58 } from "@scure/base";

const signer = await createKeyPairSignerFromBytes(base58.decode(process.env.PAYER_SECRET));
const client = new x402Client().register("solana:*", new ExactSvmScheme(signer, { rpcUrl: process.env.RPC_URL }));
client.setSpendControls(false); // a locally created mint is not one of the client's default assets
try {
  const payload = await client.createPaymentPayload(JSON.parse(process.env.PAYMENT_REQUIRED));
  process.stdout.write(JSON.stringify(payload) + "\n");
} catch (e) {
  process.stderr.write(String(e?.message ?? e) + "\n");
  process.exit(1);
}
