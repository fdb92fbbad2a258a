package com.leadpipe.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time every handler sees: starts at a given instant and runs {@code speed} times faster than
 * real time, so a marketer can watch a week of nurture mail arrive in minutes. It can also jump
 * ahead ({@link #advance}); it never goes back.
 *
 * <p>Elapsed real time comes from {@link System#nanoTime()}, so changes to the wall clock (NTP,
 * suspend) don't make it jump.
 */
public final class FastClock extends Clock {

    /** 1000 days per real second is plenty; above that, nanosecond arithmetic would overflow within days. */
    public static final double MAX_SPEED = 86_400_000;

    private final Instant start;
    private final long startNanos;
    private final double speed;
    private final AtomicLong jumpedNanos = new AtomicLong();

    public FastClock(Instant start, double speed) {
        if (!(speed > 0) || speed > MAX_SPEED) {
            throw new IllegalArgumentException("clock speed must be above 0 and at most " + (long) MAX_SPEED);
        }
        this.start = start;
        this.speed = speed;
        this.startNanos = System.nanoTime();
    }

    public double speed() {
        return speed;
    }

    /** Moves the clock forward by {@code by} at once (later readings keep running from there). */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        jumpedNanos.addAndGet(by.toNanos());
    }

    @Override
    public Instant instant() {
        long elapsed = System.nanoTime() - startNanos;
        return start.plusNanos((long) (elapsed * speed) + jumpedNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this; // handlers only read instants; the zone is always UTC
    }
}
