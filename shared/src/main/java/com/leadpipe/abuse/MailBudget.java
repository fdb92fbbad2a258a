package com.leadpipe.abuse;

import com.leadpipe.store.LimitStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The stack-wide budget of confirmation mails to new addresses (none mailed in the cap window) per
 * minute, so a script posting fresh addresses cannot make the stack mail hundreds of strangers a
 * minute. A signup beyond it is stored with its mail owed, and the outbox sweep sends it when a
 * later minute has budget left: delayed, never dropped. Shared by the submit function and the sweep
 * through one counter item per minute ({@link LimitStore#takeMailBudget}).
 */
public final class MailBudget {

    private final LimitStore store;
    private final int perMinute;
    private final Clock clock;
    /** The minute this container last found spent: no need to ask DynamoDB again within it. */
    private volatile Instant spentMinute = Instant.EPOCH;

    /** @param perMinute 0: no budget (every mail may go at once) */
    public MailBudget(LimitStore store, int perMinute, Clock clock) {
        this.store = store;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    public static MailBudget unlimited() {
        return new MailBudget(null, 0, Clock.systemUTC());
    }

    /** @return true when one more mail to a new address may go now (and it was counted) */
    public boolean take() {
        if (perMinute == 0) {
            return true;
        }
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        if (minute.equals(spentMinute)) {
            return false;
        }
        if (store.takeMailBudget(now, perMinute)) {
            return true;
        }
        spentMinute = minute;
        return false;
    }
}
