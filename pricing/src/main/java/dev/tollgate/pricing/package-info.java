/**
 * Money and arithmetic for Tollgate: atomic token units as {@link java.math.BigInteger}, USD as
 * {@link java.math.BigDecimal} with an explicit scale, the fee split, usage extraction, USD pricing of usage, and
 * the token price oracle. No floating point anywhere; no framework. See {@code pricing/README.md} for the
 * rounding rules.
 */
package dev.tollgate.pricing;
