// The STOCK x402 client (@x402/core's x402Client with the @x402/evm / @x402/svm exact schemes), keyed from the
// environment, shared by pay.mjs and ../x402-e2e/sign.mjs so both sign exactly as one stock client does.
// env: EVM_PRIVATE_KEY (0x hex) and/or SVM_SECRET_KEY (base58 of 64 bytes), SOLANA_RPC_URL (for the SVM client).
import { x402Client } from "@x402/core/client";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { ExactSvmScheme } from "@x402/svm/exact/client";
import { privateKeyToAccount } from "viem/accounts";
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { base58 } from "@scure/base";

export async function stockClient(env = process.env) {
  const client = new x402Client();
  if (env.EVM_PRIVATE_KEY) {
    client.register("eip155:*", new ExactEvmScheme(privateKeyToAccount(env.EVM_PRIVATE_KEY)));
  }
  if (env.SVM_SECRET_KEY) {
    const signer = await createKeyPairSignerFromBytes(base58.decode(env.SVM_SECRET_KEY));
    client.register("solana:*", new ExactSvmScheme(signer, { rpcUrl: env.SOLANA_RPC_URL }));
  }
  // local test tokens are not the client's "default assets" (x402.md §1.9): spend controls off for the tests only
  client.setSpendControls(false);
  return client;
}
