package com.leadpipe.testing;

/**
 * No AWS emulator could start. The message says what is missing and what to install, so that a
 * test run fails with instructions instead of skipping or hanging.
 */
public final class EmulatorUnavailableException extends RuntimeException {

    public EmulatorUnavailableException(String message) {
        super(message);
    }

    public EmulatorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
