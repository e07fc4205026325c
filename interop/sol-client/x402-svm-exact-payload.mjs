// Builds a payment with the stock @x402/svm client (ExactSvmScheme, 2.27.0) exactly as an x402 buyer would, and
// prints its base64 wire transaction (v0, partially signed: the fee payer's slot is left for the gateway).
// Input by environment: RPC_URL (the local node), PAYER_SECRET (JSON array of the 64-byte keypair),
// REQUIREMENTS (JSON PaymentRequirements: scheme, network, asset, amount, payTo, maxTimeoutSeconds, extra.feePayer,
// extra.memo). Nothing here is Tollgate code: only wiring of the stock client to a key and a node.
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { ExactSvmScheme, toClientSvmSigner } from "@x402/svm";

const secret = Uint8Array.from(JSON.parse(process.env.PAYER_SECRET));
const signer = toClientSvmSigner(await createKeyPairSignerFromBytes(secret));
secret.fill(0);
const scheme = new ExactSvmScheme(signer, { rpcUrl: process.env.RPC_URL });
const { payload } = await scheme.createPaymentPayload(2, JSON.parse(process.env.REQUIREMENTS));
process.stdout.write(JSON.stringify({ transaction: payload.transaction }) + "\n");
