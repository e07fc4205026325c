-- Sign-In-With-X: a trade signed by a wallet binds its job to that wallet. Only that wallet may then read the job,
-- collect its output by proof or fetch it again. The bound wallet is always the job's payer (user_wallet), in the
-- rail's canonical spelling; NULL for unsigned (ATP) trades, which stay readable as before.
ALTER TABLE jobs ADD COLUMN bound_wallet text;
ALTER TABLE jobs ADD CONSTRAINT jobs_bound_wallet_is_payer CHECK (bound_wallet IS NULL OR bound_wallet = payer);
