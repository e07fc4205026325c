package dev.tollgate.lockbox;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Atomic amounts travel as NUMERIC(78,0) through BigDecimal with scale 0: exact both ways.
 * {@code toBigIntegerExact} turns any fractional value (which the column type forbids) into an error, never a
 * silent truncation.
 */
@Singleton
class BigIntegerNumericConverter implements AttributeConverter<BigInteger, BigDecimal> {
    @Override
    public BigDecimal convertToPersistedValue(BigInteger value, ConversionContext context) {
        return value == null ? null : new BigDecimal(value);
    }

    @Override
    public BigInteger convertToEntityValue(BigDecimal value, ConversionContext context) {
        return value == null ? null : value.toBigIntegerExact();
    }
}
