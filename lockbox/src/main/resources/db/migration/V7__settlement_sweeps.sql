-- x402 payments on Solana from stock clients land whole in the gateway's settlement wallet (the client can make only
-- one transfer); each is then swept on into the job's net (to the payee) and fee (to the fee recipient). One row per
-- source payment: recording it again changes nothing. A sweep's transaction id is recorded BEFORE it is broadcast;
-- a recorded transaction is only replaced once the chain says it can never land (dropped) or it landed and failed.
CREATE TABLE settlement_sweeps (
    id                uuid          PRIMARY KEY,
    network           text          NOT NULL CHECK (length(network) BETWEEN 1 AND 128),
    -- the payment that brought the money into the settlement wallet
    source_tx_id      text          NOT NULL CHECK (length(source_tx_id) BETWEEN 1 AND 256),
    job_id            uuid          NOT NULL REFERENCES jobs (id),
    asset             text          NOT NULL CHECK (length(asset) BETWEEN 1 AND 64),
    settlement_wallet text          NOT NULL CHECK (length(settlement_wallet) BETWEEN 1 AND 128),
    payee             text          NOT NULL CHECK (length(payee) BETWEEN 1 AND 128),
    fee_recipient     text          NOT NULL CHECK (length(fee_recipient) BETWEEN 1 AND 128),
    net_units         numeric(78,0) NOT NULL CHECK (net_units >= 0),
    fee_units         numeric(78,0) NOT NULL CHECK (fee_units >= 0),
    -- pending: no transaction in flight; sending: sweep_tx_id recorded (maybe broadcast); done: it landed and paid;
    -- failed: it cannot be retried safely or ran out of attempts (the operator looks)
    state             text          NOT NULL CHECK (state IN ('pending', 'sending', 'done', 'failed')),
    sweep_tx_id       text          CHECK (length(sweep_tx_id) BETWEEN 1 AND 256),
    -- the signed bytes, so a crash between recording and broadcasting re-sends the same transaction (never a second)
    sweep_raw_tx      bytea         CHECK (length(sweep_raw_tx) <= 1232),
    sweep_valid_until bigint,
    attempts          integer       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    recorded_at       timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    done_at           timestamptz,
    UNIQUE (network, source_tx_id),
    CONSTRAINT settlement_sweeps_something_to_sweep CHECK (net_units + fee_units > 0),
    CONSTRAINT settlement_sweeps_tx_when_sending CHECK ((state IN ('sending', 'done')) = (sweep_tx_id IS NOT NULL)),
    CONSTRAINT settlement_sweeps_raw_when_sending CHECK (state <> 'sending' OR sweep_raw_tx IS NOT NULL)
);
CREATE INDEX settlement_sweeps_due_idx ON settlement_sweeps (recorded_at) WHERE state IN ('pending', 'sending');
CREATE INDEX settlement_sweeps_job_idx ON settlement_sweeps (job_id);

-- Every sweep transaction ever signed and recorded, with what became of it: with the source payments above, every
-- movement through the settlement wallet is on record.
CREATE TABLE settlement_sweep_txs (
    network      text        NOT NULL,
    tx_id        text        NOT NULL CHECK (length(tx_id) BETWEEN 1 AND 256),
    sweep_id     uuid        NOT NULL REFERENCES settlement_sweeps (id),
    valid_until  bigint,
    outcome      text        NOT NULL CHECK (outcome IN ('sent', 'landed', 'dropped', 'failed')),
    recorded_at  timestamptz NOT NULL,
    decided_at   timestamptz,
    PRIMARY KEY (network, tx_id)
);
CREATE INDEX settlement_sweep_txs_sweep_idx ON settlement_sweep_txs (sweep_id);
