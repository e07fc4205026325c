package dev.tollgate.gateway.dev;

/** The copy-pasteable example {@code ./tollgate dev} prints once everything is up. */
final class DevWalkthrough {
    private DevWalkthrough() {
    }

    static String text(String gateway, String payer, String evmPayer, String devJson) {
        return """

                ==================================================================================
                 Tollgate dev is up: %1$s   (details: %3$s)
                ==================================================================================
                 1) Ask for work. The agent runs now; the answer is a 402 challenge with a job_id:

                   curl -s -X POST %1$s/v1/agent/trade -H 'content-type: application/json' -d '{
                     "agent_config": {"agent_name": "demo", "model_name": "gpt-4.1"},
                     "task": "Summarise the ATP protocol in one line",
                     "user_wallet": "%2$s",
                     "payment_token": "SOL"}' | tee /tmp/challenge.json

                 2) Pay and collect (the gateway signs a split SOL payment with the demo payer key):

                   curl -s -X POST %1$s/v1/agent/settle -H 'content-type: application/json' -d "{
                     \\"job_id\\": \\"$(jq -r .job_id /tmp/challenge.json)\\",
                     \\"private_key\\": \\"$(jq -r .payer.solana_secret_key %3$s)\\"}"

                 Use "payment_token": "USDC" in step 1 to pay in the local USDC instead.

                 3) The same on Polygon (a local anvil chain): one transaction to the fee-split contract.

                   curl -s -X POST %1$s/v1/agent/trade -H 'content-type: application/json' -d '{
                     "agent_config": {"agent_name": "demo"}, "task": "Summarise x402",
                     "user_wallet": "%4$s", "network": "polygon", "payment_token": "POL"}' \
                     | tee /tmp/challenge-polygon.json

                   curl -s -X POST %1$s/v1/agent/settle -H 'content-type: application/json' -d "{
                     \"job_id\": \"$(jq -r .job_id /tmp/challenge-polygon.json)\",
                     \"private_key\": \"$(jq -r .payer.evm_private_key %3$s)\"}"

                 Use "payment_token": "USDC" for the local 6-decimal USDC (paid with an EIP-2612 permit, one tx).
                 Ctrl-C stops the gateway, the local chain, the demo agent and the database.
                ==================================================================================
                """.formatted(gateway, payer, devJson, evmPayer);
    }
}
