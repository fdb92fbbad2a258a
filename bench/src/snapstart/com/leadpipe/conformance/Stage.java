package com.leadpipe.conformance;

/** One measured function: its event, and what its answer must be (harvesting the next fixture). */
interface Stage {
    String logicalId();

    /** The row's name in the report: the function, or the function and what sets this stage apart. */
    default String label() {
        return logicalId();
    }

    String event(Lead lead);

    /** Null when the answer is right, else what is wrong. */
    String check(Lead lead, String responseBody);

    /** Least time between the starts of two requests (not timed): 0, or the nurture sender's pacing. */
    default long spacingNanos() {
        return 0;
    }
}
