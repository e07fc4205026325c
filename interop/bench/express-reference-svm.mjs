// The x402 REFERENCE stack on Solana, for ./tollgate bench (SolanaX402Scenario): a stock @x402/express 2.27.0 server
// whose facilitator runs in the same process (@x402/core's x402Facilitator with @x402/svm's exact facilitator
// scheme; its fee payer is a fresh keypair funded by the local node's requestAirdrop, so no key is passed in). No
// Tollgate code. GET /paid costs AMOUNT atomic units of ASSET (an SPL mint) on NETWORK, paid to PAY_TO (whose token
// account must exist: the stock client never creates it). Prints "listening <port>" once it serves.
//
// env: RPC_URL (the local Solana node), NETWORK (solana:<genesis>), ASSET, AMOUNT, PAY_TO, PORT (default 0)
import express from "express";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { x402Facilitator } from "@x402/core/facilitator";
import { ExactSvmScheme } from "@x402/svm/exact/server";
import { ExactSvmScheme as ExactSvmFacilitatorScheme } from "@x402/svm/exact/facilitator";
import { toFacilitatorSvmSigner } from "@x402/svm";
import { generateKeyPairSigner } from "@solana/kit";

const network = process.env.NETWORK;
const rpcUrl = process.env.RPC_URL;

async function rpc(method, params) {
  const res = await fetch(rpcUrl, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const json = await res.json();
  if (json.error) throw new Error(`${method}: ${json.error.code}`);
  return json.result;
}

// the facilitator's fee payer: a throwaway key, 1 SOL of fees from the local node
const feePayer = await generateKeyPairSigner();
await rpc("requestAirdrop", [feePayer.address, 1_000_000_000]);
for (let i = 0; ; i++) {
  const balance = await rpc("getBalance", [feePayer.address, { commitment: "confirmed" }]);
  if (balance.value > 0) break;
  if (i > 200) throw new Error("the airdrop to the facilitator's fee payer did not land");
  await new Promise((r) => setTimeout(r, 50));
}

const signer = toFacilitatorSvmSigner(feePayer, { defaultRpcUrl: rpcUrl });
const facilitator = new x402Facilitator().register(network, new ExactSvmFacilitatorScheme(signer));
const inProcess = {
  verify: (payload, requirements) => facilitator.verify(payload, requirements),
  settle: (payload, requirements) => facilitator.settle(payload, requirements),
  getSupported: async () => facilitator.getSupported(),
};
const server = new x402ResourceServer(inProcess);
server.register(network, new ExactSvmScheme());

const app = express();
app.use(
  paymentMiddleware(
    {
      "GET /paid": {
        accepts: {
          scheme: "exact",
          network,
          payTo: process.env.PAY_TO,
          price: { amount: process.env.AMOUNT, asset: process.env.ASSET },
        },
        description: "bench reference resource",
        mimeType: "application/json",
      },
    },
    server,
  ),
);
app.get("/paid", (req, res) => res.json({ paid: true }));
const listener = app.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
  console.log(`listening ${listener.address().port}`);
});
