package com.leadpipe.nurture;

import com.leadpipe.log.Log;
import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.store.NurtureStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every minute: finds due leads through the sparse due-index (per shard, never a Scan),
 * leases each one and queues it for the sender. Work grows with the number of due leads only.
 */
public final class NurtureScheduler {

    /** Queues a batch of due leads for the sender (SQS in Lambda). */
    public interface SendQueue {
        void enqueue(List<NurtureStore.DueLead> leads);
    }

    /** How long a queued lead stays out of the index before it is due again (if the sender never finished). */
    public static final Duration LEASE = Duration.ofMinutes(15);

    private final NurtureStore store;
    private final SendQueue queue;
    private final int maxPerRun;
    private final Clock clock;
    private final Log log;

    public NurtureScheduler(NurtureStore store, SendQueue queue, int maxPerRun, Clock clock, Log log) {
        this.store = store;
        this.queue = queue;
        this.maxPerRun = maxPerRun;
        this.clock = clock;
        this.log = log;
    }

    /** @return how many leads were queued */
    public int run() {
        Instant now = clock.instant();
        int perShard = Math.max(1, maxPerRun / LeadpipeTable.DUE_SHARDS);
        int queued = 0;
        for (int shard = 0; shard < LeadpipeTable.DUE_SHARDS; shard++) {
            List<NurtureStore.DueLead> leased = new ArrayList<>();
            for (NurtureStore.DueLead lead : store.due("DUE#" + shard, now, perShard)) {
                // Lost lease = an overlapping run took it; skip rather than queue it twice.
                if (store.lease(lead, now.plus(LEASE))) {
                    leased.add(lead);
                }
            }
            if (!leased.isEmpty()) {
                queue.enqueue(leased);
                queued += leased.size();
            }
        }
        log.info("nurture.scheduled", "queued", queued);
        return queued;
    }
}
