package com.leadpipe.testing;

import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** What handler unit tests (recording clients, no emulators) construct handlers with. */
public final class UnitConfig {

    public static final String TABLE = "leads";

    private UnitConfig() {
    }

    /** Table "leads", sender hello@example.com, 7 days pending, 3 confirmation mails per address. */
    public static LeadpipeConfig config() {
        return new LeadpipeConfig(TABLE, "hello@example.com", Optional.empty(), Optional.empty(), Duration.ofDays(7), 3);
    }

    /** A log for tests that assert nothing about logging. */
    public static Log silentLog(String component) {
        return new Log(component, line -> { }, Log.Level.INFO, Clock.systemUTC());
    }
}
