// The x402 REFERENCE stack, for ./tollgate bench to compare against: a stock @x402/express 2.27.0 server whose
// facilitator runs in the same process (@x402/core's x402Facilitator with @x402/evm's exact facilitator scheme and a
// viem wallet on the local chain). No Tollgate code. GET /paid costs AMOUNT atomic units of ASSET on NETWORK, paid
// to PAY_TO. Prints "listening <port>" once it serves.
//
// env: RPC_URL, FACILITATOR_PRIVATE_KEY (0x hex; pays the settlement gas), NETWORK (eip155:<id>), ASSET, AMOUNT,
//      PAY_TO, EXTRA (JSON: the token's EIP-712 name and version), PORT (default 0: any free port)
import express from "express";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { x402Facilitator } from "@x402/core/facilitator";
import { ExactEvmScheme } from "@x402/evm/exact/server";
import { ExactEvmScheme as ExactEvmFacilitatorScheme } from "@x402/evm/exact/facilitator";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { createWalletClient, defineChain, http, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const network = process.env.NETWORK;
const chainId = Number(network.split(":")[1]);
const chain = defineChain({ id: chainId, name: "local", nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [process.env.RPC_URL] } } });
const account = privateKeyToAccount(process.env.FACILITATOR_PRIVATE_KEY);
const wallet = createWalletClient({ account, chain, transport: http(process.env.RPC_URL) }).extend(publicActions);
const signer = toFacilitatorEvmSigner({
  address: account.address,
  readContract: (args) => wallet.readContract({ ...args, args: args.args || [] }),
  verifyTypedData: (args) => wallet.verifyTypedData(args),
  writeContract: (args) => wallet.writeContract({ ...args, args: args.args || [] }),
  sendTransaction: (args) => wallet.sendTransaction(args),
  waitForTransactionReceipt: (args) => wallet.waitForTransactionReceipt(args),
  getCode: (args) => wallet.getCode(args),
});
const facilitator = new x402Facilitator().register(network, new ExactEvmFacilitatorScheme(signer));
// the resource server talks to the facilitator in process, through the FacilitatorClient interface
const inProcess = {
  verify: (payload, requirements) => facilitator.verify(payload, requirements),
  settle: (payload, requirements) => facilitator.settle(payload, requirements),
  getSupported: async () => facilitator.getSupported(),
};
const server = new x402ResourceServer(inProcess);
server.register(network, new ExactEvmScheme());

const app = express();
app.use(
  paymentMiddleware(
    {
      "GET /paid": {
        accepts: {
          scheme: "exact",
          network,
          payTo: process.env.PAY_TO,
          price: { amount: process.env.AMOUNT, asset: process.env.ASSET, extra: JSON.parse(process.env.EXTRA || "{}") },
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
