package com.leadpipe.store;

/** The table could not be read or written (throttled, unavailable, misconfigured). */
public class StoreException extends RuntimeException {

    private final boolean outcomeUnknown;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param outcomeUnknown a write whose answer never came (timeout, broken connection): it may have been applied */
    public StoreException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** True when a write may have been applied although it failed: say "try again", not "nothing was stored". */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
