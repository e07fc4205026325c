-- Client-signed payments (issue 8): what the gateway spends of its own for payers (Solana fees it sponsors as fee
-- payer, EVM gas it pays relaying an authorisation), reserved per payer and counted over a rolling window against
-- a per-payer and a total cap, shared by every gateway instance on this database.
CREATE TABLE sponsor_reservations (
    id          uuid          PRIMARY KEY,
    network     text          NOT NULL CHECK (length(network) BETWEEN 1 AND 128),
    payer       text          NOT NULL CHECK (length(payer) BETWEEN 1 AND 128),
    -- the rail's native atomic units (lamports, wei)
    units       numeric(78,0) NOT NULL CHECK (units > 0),
    created_at  timestamptz   NOT NULL,
    -- given back: the transaction it was for will never be broadcast
    released    boolean       NOT NULL DEFAULT false
);
CREATE INDEX sponsor_reservations_window_idx ON sponsor_reservations (network, created_at) WHERE NOT released;
CREATE INDEX sponsor_reservations_payer_idx ON sponsor_reservations (network, payer, created_at) WHERE NOT released;

-- One row per network, locked (by an upsert) for the length of a reservation's transaction: reservations of one
-- network are counted and taken one at a time, so concurrent instances never both pass a cap.
CREATE TABLE sponsor_budget_locks (
    network  text  PRIMARY KEY CHECK (length(network) BETWEEN 1 AND 128)
);

-- A client-signed payment recorded for a job, by a digest of what the client sent (its wire bytes, or its
-- authorisation): a retry of the same payment after a lost response is recognised without inspecting it again
-- (its blockhash or deadline may have passed meanwhile; a relayed authorisation gets a new relayer transaction).
CREATE TABLE client_payments (
    network      text        NOT NULL CHECK (length(network) BETWEEN 1 AND 128),
    digest       text        NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    job_id       uuid        NOT NULL REFERENCES jobs (id),
    tx_id        text        NOT NULL CHECK (length(tx_id) BETWEEN 1 AND 256),
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (network, digest)
);
CREATE INDEX client_payments_job_idx ON client_payments (job_id);
