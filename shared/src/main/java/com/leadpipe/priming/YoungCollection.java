package com.leadpipe.priming;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Ends priming with an empty young generation, collected the way a request's garbage is (an
 * allocation failure), not by a full collection.
 *
 * <p>Why: Lambda's runtime client ends its checkpoint with {@code System.gc()}, a full collection,
 * and every HotSpot full collection arms the entry barrier of every compiled method
 * ({@code CodeCache::arm_all_nmethods}), so the first call of each one after the restore goes
 * through the VM: the first request ran its compiled path 3 to 10 times slower than the second
 * (bench/snapstart, BENCHMARKS.md). The template turns explicit collections off
 * ({@code -XX:+DisableExplicitGC}); this collection keeps what the runtime's one was for, a snapshot
 * without priming's garbage and a restored container whose first requests do not fill the eden
 * priming left nearly full. A young collection leaves the barriers alone.
 */
final class YoungCollection {

    private static final int CHUNK_BYTES = 64 * 1024;
    /** Where each chunk goes, so no compiler can leave the allocation out. */
    @SuppressWarnings("unused")
    private static volatile Object sink;

    private YoungCollection() {
    }

    /**
     * Allocates until a collector has run once, at most twice the heap's committed size.
     *
     * @return whether a collection ran
     */
    static boolean run() {
        return run(ManagementFactory.getGarbageCollectorMXBeans(), 2 * Runtime.getRuntime().totalMemory());
    }

    static boolean run(List<GarbageCollectorMXBean> collectors, long budgetBytes) {
        long before = collections(collectors);
        try {
            for (long allocated = 0; allocated < budgetBytes; allocated += CHUNK_BYTES) {
                sink = new byte[CHUNK_BYTES];
                if (collections(collectors) != before) {
                    return true;
                }
            }
            return false;
        } finally {
            sink = null;
        }
    }

    /** Collections of every collector of this JVM so far. */
    static long collections() {
        return collections(ManagementFactory.getGarbageCollectorMXBeans());
    }

    static long collections(List<GarbageCollectorMXBean> collectors) {
        long total = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }
}
