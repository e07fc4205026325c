-- EVM transaction nonces reserved per payer from signing until the node knows the transaction, shared by every
-- gateway instance on this database (ATP private-key mode signs for the payer). The unique key makes taking a
-- reservation one atomic statement: at most one reservation per (network, payer, nonce), ever. A reservation
-- whose deadline (chain time, unix seconds) has passed is dead; a new one takes its row over in the same statement.
CREATE TABLE evm_nonce_reservations (
    id            uuid        PRIMARY KEY,
    network       text        NOT NULL CHECK (length(network) BETWEEN 1 AND 128),
    -- lower-case hex, so one address has one spelling
    payer         text        NOT NULL CHECK (payer ~ '^0x[0-9a-f]{40}$'),
    nonce         bigint      NOT NULL CHECK (nonce >= 0),
    -- the EIP-2612 token whose permit nonce the payment uses up, if any
    permit_token  text        CHECK (permit_token ~ '^0x[0-9a-f]{40}$'),
    deadline      bigint      NOT NULL,
    -- set once signed, so a rejected submission can free its nonce
    tx_hash       text        CHECK (tx_hash ~ '^0x[0-9a-f]{64}$'),
    reserved_at   timestamptz NOT NULL,
    CONSTRAINT evm_nonce_reservations_one_per_nonce UNIQUE (network, payer, nonce)
);

-- housekeeping: reservations past their deadline, for any payer of a network
CREATE INDEX evm_nonce_reservations_deadline_idx ON evm_nonce_reservations (network, deadline);
