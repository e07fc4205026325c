#!/usr/bin/env bash
# A STOCK @x402/express server (../x402-gw/express-server.mjs) that settles through the facilitator of a running
# `./tollgate dev` (its /x402), paid by the STOCK @x402/fetch client (../x402-gw/pay.mjs) with the dev payer's USDC.
# Nothing of Tollgate runs on the server or the client side: only the facilitator URL points at the gateway.
#
#   ./tollgate dev                                        # terminal 1, from the repository root
#   interop/examples/x402-express-on-tollgate-dev.sh evm     # terminal 2: USDC on the local EVM chain
#   interop/examples/x402-express-on-tollgate-dev.sh solana  # USDC on the local Solana node (devnet's id)
#
# env: DEV_JSON (default .tollgate/dev.json, written by ./tollgate dev), AMOUNT (atomic units, default 10000 =
#      0.01 USDC), PORT (the stock server's port, default any free one). Prints the client's
#      {status, body, paymentResponse, paymentSignature} and the seller's USDC balance before and after.
set -euo pipefail
RAIL=${1:-evm}
DEV_JSON=$(realpath "${DEV_JSON:-.tollgate/dev.json}")
AMOUNT=${AMOUNT:-10000}
cd "$(dirname "$0")/.."   # interop/: the pinned node_modules
dev() { node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(process.argv[2].split(".").reduce((o, k) => o[k], d))' "$DEV_JSON" "$1"; }

export FACILITATOR_URL="$(dev gateway_url)/x402" AMOUNT PORT=${PORT:-0}
case "$RAIL" in
  evm)
    export NETWORK=$(dev evm_network) ASSET=$(dev evm_usdc) PAY_TO=$(dev x402_seller.evm)
    export EXTRA='{"name":"USD Coin","version":"2"}'   # the dev USDC's EIP-712 domain (its name() and version())
    PAYER=(EVM_PRIVATE_KEY="$(dev payer.evm_private_key)")
    balance() { node --input-type=module -e '
      import { createPublicClient, http, erc20Abi } from "viem";
      const c = createPublicClient({ transport: http(process.argv[1]) });
      console.log(String(await c.readContract({ address: process.argv[2], abi: erc20Abi, functionName: "balanceOf",
        args: [process.argv[3]] })));' "$(dev evm_rpc_url)" "$ASSET" "$PAY_TO"; } ;;
  solana)
    export NETWORK=$(dev solana_network) ASSET=$(dev usdc_mint) PAY_TO=$(dev x402_seller.solana) EXTRA='{}'
    PAYER=(SVM_SECRET_KEY="$(dev payer.solana_secret_key)" SOLANA_RPC_URL="$(dev solana_rpc_url)")
    balance() { curl -s "$(dev solana_rpc_url)" -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,
      "method":"getTokenAccountsByOwner","params":["'"$PAY_TO"'",{"mint":"'"$ASSET"'"},{"encoding":"jsonParsed"}]}' \
      | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s).result.value;
        console.log(v.reduce((t,a)=>t+BigInt(a.account.data.parsed.info.tokenAmount.amount),0n).toString())})'; } ;;
  *) echo "usage: $0 evm|solana" >&2; exit 2 ;;
esac

log=$(mktemp)
node x402-gw/express-server.mjs >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
  grep -q '^listening ' "$log" && break
  kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's/^listening //p' "$log")
[ -n "$port" ] || { echo "the stock server did not start" >&2; cat "$log" >&2; exit 1; }

echo "seller_usdc_before=$(balance)"
env URL="http://127.0.0.1:$port/paid" "${PAYER[@]}" node x402-gw/pay.mjs
echo "seller_usdc_after=$(balance)"
