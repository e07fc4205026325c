package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;

/** The gateway's answer to {@code settle}. Each variant keeps the gateway's JSON body. */
public sealed interface SettleResult {

    /** 200 {@code status: paid}: has {@code payment_response} (x402 kinds) and {@code atp_settlement}. */
    record Paid(JsonNode body) implements SettleResult {
    }

    /** 202 {@code status: pending}: the output waits in the job; {@code job_id}, {@code tx_id}, {@code output_url}. */
    record Pending(JsonNode body) implements SettleResult {
    }

    /** 402 {@code status: failed}: {@code error}, {@code detail}, {@code reason}, {@code job_id}. */
    record Failed(JsonNode body) implements SettleResult {
    }

    /** 409 {@code authorization_used}: settled or released already. */
    record AlreadyUsed(JsonNode body) implements SettleResult {
    }
}
