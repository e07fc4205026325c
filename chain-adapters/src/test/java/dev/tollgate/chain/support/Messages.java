package dev.tollgate.chain.support;

/** Test helper: every message of an exception and its causes, as a log line with its causes would show them. */
public final class Messages {
    private Messages() {
    }

    public static String ofChain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
