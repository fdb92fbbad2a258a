package com.leadpipe.store;

/** A conditional write lost a race with another request; re-read and decide again. */
public final class ConflictException extends Exception {
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
