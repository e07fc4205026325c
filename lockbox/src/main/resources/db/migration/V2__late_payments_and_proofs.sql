-- Late payments: an expired job keeps its sealed output for a grace period, so a payment that landed before the
-- deadline but is settled after it can still be honoured. purge_at is set when the job expires and cleared when a
-- late payment releases it; the reaper deletes outputs whose purge_at has passed.
ALTER TABLE job_outputs ADD COLUMN purge_at timestamptz;
CREATE INDEX job_outputs_purge_at_idx ON job_outputs (purge_at) WHERE purge_at IS NOT NULL;

-- Money that reached our treasuries but paid no job: late, for a job already paid or gone, the wrong amount, the
-- wrong wallet, or the excess of an overpayment. Never dropped silently: the operator lists and refunds these.
CREATE TABLE unhonoured_payments (
    id                uuid          PRIMARY KEY,
    network           text          NOT NULL,
    tx_id             text          NOT NULL CHECK (length(tx_id) BETWEEN 1 AND 256),
    job_id            uuid          NOT NULL REFERENCES jobs (id),
    reason            text          NOT NULL CHECK (length(reason) BETWEEN 1 AND 64),
    payer             text,
    asset             text          NOT NULL,
    -- atomic units owed back: what reached the payee and the fee recipient (for an overpayment, the excess)
    to_payee          numeric(78,0) NOT NULL CHECK (to_payee >= 0),
    to_fee_recipient  numeric(78,0) NOT NULL CHECK (to_fee_recipient >= 0),
    payee             text          NOT NULL,
    fee_recipient     text,
    block_time        timestamptz,
    recorded_at       timestamptz   NOT NULL,
    -- one record per transaction: recording it again (a retried settle, the reconciler) changes nothing
    UNIQUE (network, tx_id),
    CONSTRAINT unhonoured_something_owed CHECK (to_payee + to_fee_recipient > 0)
);
CREATE INDEX unhonoured_payments_recorded_at_idx ON unhonoured_payments (recorded_at, id);

-- Wallet-signed proofs (Sign-In-With-X): each nonce proves once per wallet, across every gateway instance.
CREATE TABLE used_proof_nonces (
    address     text        NOT NULL,
    nonce       text        NOT NULL CHECK (length(nonce) BETWEEN 8 AND 128),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (address, nonce)
);
CREATE INDEX used_proof_nonces_expires_at_idx ON used_proof_nonces (expires_at);
