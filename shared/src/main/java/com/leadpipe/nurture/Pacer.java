package com.leadpipe.nurture;

/**
 * Keeps one sender under its share of the SES sending rate: at most {@code perSecond} sends per
 * second, by waiting between sends. The share is the account's rate divided by the sender's
 * maximum concurrency (both set in template.yaml).
 */
public final class Pacer {

    /** Waits; replaced in tests so they don't sleep. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final java.util.function.LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextAllowed = Long.MIN_VALUE;

    public Pacer(double perSecond, java.util.function.LongSupplier nanoTime, Sleeper sleeper) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("send rate must be positive");
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static Pacer realTime(double perSecond) {
        return new Pacer(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Call before each send. */
    public void await() {
        long now = nanoTime.getAsLong();
        if (nextAllowed != Long.MIN_VALUE && now < nextAllowed) {
            try {
                sleeper.sleepNanos(nextAllowed - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now = nextAllowed;
        }
        nextAllowed = now + intervalNanos;
    }
}
