-- x402 payments (exact scheme): one row per payment, keyed by what makes it one payment on its network (EVM:
-- token:from:nonce; Solana: sha256 of the message), so one authorisation or transaction settles once across every
-- instance, whether for a job (job_id) or as a facilitator for another resource server (job_id NULL). The payload
-- hash finds a repeat of the same payload BEFORE it is verified again (its nonce may be spent by then).
CREATE TABLE x402_payments (
    network       text        NOT NULL CHECK (length(network) BETWEEN 1 AND 64),
    payment_key   text        NOT NULL CHECK (length(payment_key) BETWEEN 1 AND 512),
    payload_hash  text        NOT NULL CHECK (length(payload_hash) = 64),
    job_id        uuid        REFERENCES jobs (id),
    payer         text        NOT NULL CHECK (length(payer) BETWEEN 1 AND 128),
    -- claimed: verified and being settled, nothing sent yet; sent: tx id recorded before broadcast (the chain
    -- decides from here); settled: final, response is the SettleResponse to repeat
    state         text        NOT NULL CHECK (state IN ('claimed', 'sent', 'settled')),
    tx_id         text        CHECK (length(tx_id) BETWEEN 1 AND 256),
    valid_until   bigint,
    requirement   text        NOT NULL,
    payload       text        NOT NULL,
    response      text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (network, payment_key),
    UNIQUE (network, payload_hash),
    CONSTRAINT x402_sent_has_tx CHECK (state = 'claimed' OR tx_id IS NOT NULL)
);
CREATE INDEX x402_payments_job_idx ON x402_payments (job_id) WHERE job_id IS NOT NULL;

-- x402's payment-identifier extension: a client-chosen id names one payload. Same id and payload: the cached
-- answer; same id, another payload: refused (409). Looked up before verification.
CREATE TABLE x402_payment_ids (
    payment_id    text        PRIMARY KEY CHECK (payment_id ~ '^[A-Za-z0-9_-]{16,128}$'),
    payload_hash  text        NOT NULL CHECK (length(payload_hash) = 64),
    created_at    timestamptz NOT NULL
);
