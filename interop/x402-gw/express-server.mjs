// A STOCK x402 resource server (@x402/express 2.27.0) that uses Tollgate as its facilitator: GET /paid costs
// AMOUNT atomic units of ASSET on NETWORK, paid to PAY_TO. Prints "listening <port>" once it serves.
//
// env: FACILITATOR_URL (Tollgate's base URL + "/x402"), FACILITATOR_TOKEN (optional bearer), NETWORK (CAIP-2),
//      ASSET, AMOUNT, PAY_TO, EXTRA (JSON of the token's extra, e.g. {"name":"USD Coin","version":"2"} on EVM),
//      PORT (default 0: any free port)
import express from "express";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { HTTPFacilitatorClient } from "@x402/core/server";
import { ExactEvmScheme } from "@x402/evm/exact/server";
import { ExactSvmScheme } from "@x402/svm/exact/server";

const network = process.env.NETWORK;
const token = process.env.FACILITATOR_TOKEN;
const facilitator = new HTTPFacilitatorClient({
  url: process.env.FACILITATOR_URL,
  ...(token
    ? {
        createAuthHeaders: async () => {
          const auth = { Authorization: `Bearer ${token}` };
          return { verify: auth, settle: auth, supported: auth };
        },
      }
    : {}),
});
const server = new x402ResourceServer(facilitator);
server.register(network, network.startsWith("eip155:") ? new ExactEvmScheme() : new ExactSvmScheme());

const app = express();
app.use(
  paymentMiddleware(
    {
      "GET /paid": {
        accepts: {
          scheme: "exact",
          network,
          payTo: process.env.PAY_TO,
          price: {
            amount: process.env.AMOUNT,
            asset: process.env.ASSET,
            extra: process.env.EXTRA ? JSON.parse(process.env.EXTRA) : {},
          },
        },
        description: "interop test resource",
        mimeType: "application/json",
      },
    },
    server,
  ),
);
app.get("/paid", (req, res) => res.json({ paid: true, at: new Date().toISOString() }));
const listener = app.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
  console.log(`listening ${listener.address().port}`);
});
