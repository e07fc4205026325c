-- Billing (issue 10): what a host API's billing filter was authorised to charge for one request before its handler
-- ran. An x402 payload (exact, upto) is reserved by its payment key, unique per network, so one payload cannot
-- authorise two requests; an allowance is reserved by summing the open reservations of (network, asset, payer)
-- under that payer's lock row against what the chain says is spendable, so concurrent requests cannot overdraw.
-- State moves only by compare-and-set: reserved -> settling -> settled | released (and reserved -> released).
CREATE TABLE billing_authorizations (
    id           uuid          PRIMARY KEY,
    kind         text          NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,31}$'),
    network      text          NOT NULL CHECK (length(network) BETWEEN 1 AND 128),
    asset        text          NOT NULL CHECK (length(asset) BETWEEN 1 AND 128),
    payer        text          NOT NULL CHECK (length(payer) BETWEEN 1 AND 128),
    -- x402 kinds: what makes the payload one payment on its network; NULL for kinds without a payload
    payment_key  text          CHECK (length(payment_key) BETWEEN 1 AND 512),
    -- atomic units of the asset reserved for the request (the price, or the estimate of a usage price)
    units        numeric(78,0) NOT NULL CHECK (units >= 0),
    state        text          NOT NULL CHECK (state IN ('reserved', 'settling', 'settled', 'released')),
    -- the job the request became (known at authorize for exact offers, else set at settle)
    job_id       uuid,
    -- kind-specific facts the settle needs (JSON: the verified requirement and payload, never a key)
    details      text          NOT NULL CHECK (length(details) <= 65536),
    created_at   timestamptz   NOT NULL,
    expires_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    UNIQUE (network, payment_key),
    CONSTRAINT billing_settled_has_job CHECK (state <> 'settled' OR job_id IS NOT NULL)
);
CREATE INDEX billing_authorizations_open_idx ON billing_authorizations (network, asset, payer)
    WHERE state IN ('reserved', 'settling');
CREATE INDEX billing_authorizations_expiry_idx ON billing_authorizations (expires_at);
-- one authorization per job: two payloads signed for one offer (one job id) cannot both authorise a request
CREATE UNIQUE INDEX billing_authorizations_job_idx ON billing_authorizations (job_id);

-- One row per (network, asset, payer), locked (by an upsert) for the length of an allowance reservation's
-- transaction: that payer's open reservations are summed and added to one at a time, on every instance.
CREATE TABLE billing_payer_locks (
    network  text  NOT NULL CHECK (length(network) BETWEEN 1 AND 128),
    asset    text  NOT NULL CHECK (length(asset) BETWEEN 1 AND 128),
    payer    text  NOT NULL CHECK (length(payer) BETWEEN 1 AND 128),
    PRIMARY KEY (network, asset, payer)
);
