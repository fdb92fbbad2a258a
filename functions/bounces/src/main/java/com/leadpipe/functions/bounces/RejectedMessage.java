package com.leadpipe.functions.bounces;

/** A notification that is forged, tampered with, replayed late or not for us: it is dropped. */
public final class RejectedMessage extends Exception {

    private final String reason;
    private final String detail;

    public RejectedMessage(String reason) {
        this(reason, "");
    }

    /** @param detail what exactly failed (no message content, no address): for the log */
    public RejectedMessage(String reason, String detail) {
        super(reason, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }

    /** Short, fixed, log-safe: "topic", "signature", "stale", … */
    public String reason() {
        return reason;
    }
}
