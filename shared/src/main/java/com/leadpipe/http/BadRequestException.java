package com.leadpipe.http;

/** A request that cannot be read at all (not a validation problem): 400, 413 or 415. */
public final class BadRequestException extends Exception {

    private final int status;

    public BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
