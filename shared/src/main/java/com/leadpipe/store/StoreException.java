package com.leadpipe.store;

/** The table could not be read or written (throttled, unavailable, misconfigured). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
