package dev.tollgate.lockbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;

/** Nonces of wallet-signed proofs, each usable once per wallet; rows outlive their proof's validity, then go. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ProofNonceRepository extends GenericRepository<UnhonouredRow, java.util.UUID> {

    @Query("""
            INSERT INTO used_proof_nonces (address, nonce, expires_at) VALUES (:address, :nonce, :expiresAt)
            ON CONFLICT DO NOTHING""")
    int use(String address, String nonce, Instant expiresAt);

    @Query("""
            DELETE FROM used_proof_nonces WHERE ctid IN (
                SELECT ctid FROM used_proof_nonces WHERE expires_at <= :now LIMIT :batchSize)""")
    int deleteExpired(Instant now, int batchSize);
}
