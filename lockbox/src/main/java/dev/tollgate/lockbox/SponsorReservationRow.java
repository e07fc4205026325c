package dev.tollgate.lockbox;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code sponsor_reservations}: units the gateway may spend of its own for one payer's payment. */
@MappedEntity("sponsor_reservations")
record SponsorReservationRow(@Id UUID id, String network, String payer, BigDecimal units, Instant createdAt,
                             boolean released) {
}
