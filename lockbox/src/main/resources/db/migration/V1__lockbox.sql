-- Lockbox: jobs, their sealed outputs, and the payments that released them.
-- The CHECKs repeat the Java rules so that no code path (or manual fix) can store an impossible row.

CREATE TABLE jobs (
    id               uuid          PRIMARY KEY,
    state            text          NOT NULL CHECK (state IN ('LOCKED', 'SETTLING', 'RELEASED', 'EXPIRED')),
    network          text          NOT NULL CHECK (length(network) > 0),
    asset            text          NOT NULL CHECK (length(asset) > 0),
    payer            text,
    payee            text          NOT NULL CHECK (length(payee) > 0),
    fee_recipient    text,
    -- atomic units; 78 digits hold any uint256
    total_units      numeric(78,0) NOT NULL CHECK (total_units >= 0),
    fee_units        numeric(78,0) NOT NULL CHECK (fee_units >= 0),
    net_units        numeric(78,0) NOT NULL CHECK (net_units >= 0),
    fee_bps          integer       NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
    -- unconstrained numeric keeps the scale the gateway chose, exactly
    usd_cost         numeric       CHECK (usd_cost >= 0),
    token_price_usd  numeric       CHECK (token_price_usd > 0),
    -- text, not jsonb: stored byte for byte (jsonb would reorder keys and break signatures over the quote)
    quote_json       text,
    created_at       timestamptz   NOT NULL,
    expires_at       timestamptz   NOT NULL,
    settling_since   timestamptz,
    released_at      timestamptz,
    tx_id            text          CHECK (length(tx_id) BETWEEN 1 AND 256),
    tx_valid_until   bigint,
    settlement_json  text,
    attempts         integer       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    CONSTRAINT jobs_split_sums CHECK (fee_units + net_units = total_units),
    CONSTRAINT jobs_fee_recipient CHECK (fee_units = 0 OR fee_recipient IS NOT NULL),
    CONSTRAINT jobs_ttl_positive CHECK (expires_at > created_at),
    CONSTRAINT jobs_settling_has_since CHECK (state <> 'SETTLING' OR settling_since IS NOT NULL),
    CONSTRAINT jobs_released_complete CHECK (state <> 'RELEASED' OR (released_at IS NOT NULL AND tx_id IS NOT NULL)),
    CONSTRAINT jobs_tx_only_when_paying CHECK (tx_id IS NULL OR state IN ('SETTLING', 'RELEASED'))
);

-- the reaper's scan: only LOCKED rows, in expiry order
CREATE INDEX jobs_locked_expires_at_idx ON jobs (expires_at) WHERE state = 'LOCKED';
CREATE INDEX jobs_state_idx ON jobs (state);
-- the reconciler's and stale-claim scans
CREATE INDEX jobs_settling_since_idx ON jobs (settling_since) WHERE state = 'SETTLING';

-- Separate table so job reads and scans never carry the (possibly large) blob; dropped when the job expires.
CREATE TABLE job_outputs (
    job_id         uuid  PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    -- [version][12-byte nonce][ciphertext || 16-byte GCM tag]
    sealed_output  bytea NOT NULL CHECK (length(sealed_output) >= 29)
);

-- One payment pays one job: the primary key stops a tx paying twice, the unique job_id stops a job being paid twice.
CREATE TABLE payments (
    network      text        NOT NULL,
    tx_id        text        NOT NULL CHECK (length(tx_id) BETWEEN 1 AND 256),
    job_id       uuid        NOT NULL UNIQUE REFERENCES jobs (id),
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (network, tx_id)
);
