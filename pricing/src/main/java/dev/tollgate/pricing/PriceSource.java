package dev.tollgate.pricing;

/**
 * One place a token's USD price comes from. Implementations bound their own time (a timeout per call) and never
 * invent a price: when they cannot answer they throw {@link PriceUnavailableException}.
 */
public interface PriceSource {

    /** Short stable name, recorded as {@link PriceQuote#source()}. */
    String name();

    /** The current price of {@code symbol} (case-insensitive, e.g. "SOL"). */
    PriceQuote fetch(String symbol) throws PriceUnavailableException;
}
