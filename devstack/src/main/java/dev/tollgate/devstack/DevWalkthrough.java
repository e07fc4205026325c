package dev.tollgate.devstack;

import java.nio.file.Path;

/**
 * The copy-pasteable example {@code ./tollgate dev} prints once everything is up. Every command is indented by
 * exactly three spaces and separated from the prose by blank lines (DevWalkthroughTest runs each one as printed).
 * The commands need only bash, curl and Node.js (which dev mode needs anyway): no jq. Settle bodies are built by
 * {@code node -p ... JSON.stringify}, so no shell quoting has to survive inside JSON.
 */
final class DevWalkthrough {
    private DevWalkthrough() {
    }

    /** @param devJson the {@code dev.json} just written; the challenges are saved beside it */
    static String text(String gateway, String payer, String evmPayer, Path devJson) {
        Path dir = devJson.toAbsolutePath().getParent();
        return """

                ==================================================================================
                 Tollgate dev is up: %1$s   (details: %3$s)
                ==================================================================================
                 1) Ask for work. The agent runs now; the answer is a 402 challenge with a job_id:

                   curl -s -X POST %1$s/v1/agent/trade -H 'content-type: application/json' -d '{
                     "agent_config": {"agent_name": "demo", "model_name": "gpt-4.1"},
                     "task": "Summarise the ATP protocol in one line",
                     "user_wallet": "%2$s",
                     "payment_token": "SOL"}' | tee %5$s

                 2) Pay and collect (the gateway signs a split SOL payment with the demo payer key):

                   curl -s -X POST %1$s/v1/agent/settle -H 'content-type: application/json' -d "$(node -p '
                     const job = require(process.argv[1]), dev = require(process.argv[2]);
                     JSON.stringify({job_id: job.job_id, private_key: dev.payer.solana_secret_key})' %5$s %7$s)"

                 Use "payment_token": "USDC" in step 1 to pay in the local USDC instead.

                 3) The same on Polygon (a local anvil chain): one transaction to the fee-split contract.

                   curl -s -X POST %1$s/v1/agent/trade -H 'content-type: application/json' -d '{
                     "agent_config": {"agent_name": "demo"}, "task": "Summarise x402",
                     "user_wallet": "%4$s", "network": "polygon", "payment_token": "POL"}' \\
                     | tee %6$s

                   curl -s -X POST %1$s/v1/agent/settle -H 'content-type: application/json' -d "$(node -p '
                     const job = require(process.argv[1]), dev = require(process.argv[2]);
                     JSON.stringify({job_id: job.job_id, private_key: dev.payer.evm_private_key})' %6$s %7$s)"

                 Use "payment_token": "USDC" for the local 6-decimal USDC (paid with an EIP-2612 permit, one tx).
                 Ctrl-C stops the gateway, the local chain, the demo agent and the database.
                ==================================================================================
                """.formatted(gateway, payer, devJson.toAbsolutePath(), evmPayer,
                shellQuoted(dir.resolve("challenge.json")), shellQuoted(dir.resolve("challenge-polygon.json")),
                shellQuoted(devJson.toAbsolutePath()));
    }

    /** A path as one bash word, whatever it contains. */
    static String shellQuoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
