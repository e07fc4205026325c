#!/usr/bin/env bash
# Trade and settle latency against a running `./tollgate dev` (reads .tollgate/dev.json).
#   bench/settle-latency.sh [rounds=20]
# Prints p50 / p95 / max milliseconds per rail and token for POST /v1/agent/trade (402) and
# POST /v1/agent/settle (200, private-key mode, commitment=confirmed). Needs curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-20}"
DEV=.tollgate/dev.json
[ -f "$DEV" ] || { echo "start ./tollgate dev first" >&2; exit 1; }
G=$(jq -r .gateway_url "$DEV")

stats() { sort -n | awk '{a[NR]=$1} END {printf "p50 %6.0f  p95 %6.0f  max %6.0f ms", a[int(NR*0.5)+1], a[int(NR*0.95)+ (NR*0.95>int(NR*0.95))], a[NR]}'; }

run() { # network token wallet key
  local trade_ms=() settle_ms=()
  for _ in $(seq "$ROUNDS"); do
    local out job t s code
    out=$(curl -s -o /tmp/tollgate-bench.json -w '%{http_code} %{time_total}' -X POST "$G/v1/agent/trade" \
      -H 'content-type: application/json' \
      -d "{\"agent_config\":{\"agent_name\":\"bench\"},\"task\":\"benchmark\",\"user_wallet\":\"$3\",\"network\":\"$1\",\"payment_token\":\"$2\"}")
    [ "${out%% *}" = 402 ] || { echo "trade failed: $(cat /tmp/tollgate-bench.json)" >&2; exit 1; }
    trade_ms+=("$(awk -v t="${out##* }" 'BEGIN{print t*1000}')")
    job=$(jq -r .job_id /tmp/tollgate-bench.json)
    out=$(curl -s -o /tmp/tollgate-bench.json -w '%{http_code} %{time_total}' -X POST "$G/v1/agent/settle" \
      -H 'content-type: application/json' -d "{\"job_id\":\"$job\",\"private_key\":\"$4\"}")
    [ "${out%% *}" = 200 ] || { echo "settle failed: $(cat /tmp/tollgate-bench.json)" >&2; exit 1; }
    settle_ms+=("$(awk -v t="${out##* }" 'BEGIN{print t*1000}')")
  done
  printf '%-8s %-5s trade  %s\n' "$1" "$2" "$(printf '%s\n' "${trade_ms[@]}" | stats)"
  printf '%-8s %-5s settle %s\n' "$1" "$2" "$(printf '%s\n' "${settle_ms[@]}" | stats)"
}

SOL_WALLET=$(jq -r .payer.solana_pubkey "$DEV"); SOL_KEY=$(jq -r .payer.solana_secret_key "$DEV")
EVM_WALLET=$(jq -r .payer.evm_address "$DEV"); EVM_KEY=$(jq -r .payer.evm_private_key "$DEV")
echo "rounds: $ROUNDS per row, sequential, one client"
run solana SOL "$SOL_WALLET" "$SOL_KEY"
run solana USDC "$SOL_WALLET" "$SOL_KEY"
run polygon POL "$EVM_WALLET" "$EVM_KEY"
run polygon USDC "$EVM_WALLET" "$EVM_KEY"
