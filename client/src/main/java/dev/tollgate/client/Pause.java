package dev.tollgate.client;

/** The wait between two looks at a chain the client is polling for a condition (never a fixed wait for an outcome). */
final class Pause {
    static final long MILLIS = 250;

    private Pause() {
    }

    static void briefly() {
        try {
            Thread.sleep(MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE, "interrupted", e);
        }
    }
}
