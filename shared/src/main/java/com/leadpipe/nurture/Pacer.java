package com.leadpipe.nurture;

import java.util.function.LongSupplier;

/**
 * Keeps one sender under its share of the SES sending rate ({@code perSecond}: the account's rate
 * divided by the sender's maximum concurrency, both set in template.yaml) as a token bucket: a
 * sender that has been idle may send a burst of up to one second's share at once, and waits only
 * when the next send would exceed the rate. A lone send, or sends spaced by the rate, never wait.
 *
 * <p>SES enforces its maximum send rate over time as well (a send over it is throttled, and the
 * message goes back to the queue), so a burst of one second's share stays within what SES allows.
 */
public final class Pacer {

    /** Waits; replaced in tests so they don't sleep. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long refilledAt;

    public Pacer(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("send rate must be positive");
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        // At least one send: below one per second the bucket holds a single send.
        this.capacity = Math.max(1, perSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    public static Pacer realTime(double perSecond) {
        return new Pacer(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /**
     * Full bucket from now: for priming, whose synthetic sends (nothing is mailed) must not leave the
     * restored container waiting out a share of the rate it never used.
     */
    public void refill() {
        tokens = capacity;
        refilledAt = nanoTime.getAsLong();
    }

    /** Call before each send: returns at once while the sender is under its rate, else waits until it is. */
    public void await() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return;
        }
        long wait = (long) Math.ceil((1 - tokens) / perNano);
        try {
            sleeper.sleepNanos(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The wait earned exactly the token this send spends.
        tokens = 0;
        refilledAt = now + wait;
    }
}
