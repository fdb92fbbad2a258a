package com.leadpipe.functions.bounces;

/** A notification that is forged, tampered with, replayed late or not for us: it is dropped. */
public final class RejectedMessage extends Exception {

    private final String reason;

    public RejectedMessage(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** Short, fixed, log-safe: "topic", "signature", "stale", … */
    public String reason() {
        return reason;
    }
}
