package com.leadpipe.mail;

/** The mail service did not accept a message. */
public final class MailException extends Exception {

    private final boolean throttled;

    public MailException(String message, boolean throttled, Throwable cause) {
        super(message, cause);
        this.throttled = throttled;
    }

    /** SES said "slow down" (sending rate or quota): retry later, never drop. */
    public boolean throttled() {
        return throttled;
    }
}
