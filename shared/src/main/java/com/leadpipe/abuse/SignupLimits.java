package com.leadpipe.abuse;

import com.leadpipe.http.HttpRequest;
import com.leadpipe.log.Log;
import com.leadpipe.store.LimitStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signups per client IP (IPv6: per /64) per UTC hour and per UTC day. Counted before anything is
 * stored or sent, one conditional UpdateItem per signup ({@link LimitStore#countSignup}); a signup
 * over either limit is refused with how long to wait, and counts nothing.
 */
public final class SignupLimits {

    private static final SignupLimits NONE = new SignupLimits(null, AbuseConfig.off(), Clock.systemUTC(), null);

    private final LimitStore store;
    private final AbuseConfig config;
    private final Clock clock;
    private final Log log;

    public SignupLimits(LimitStore store, AbuseConfig config, Clock clock, Log log) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    /** No per-IP limit at all (tests of other things, and handlers built without abuse settings). */
    public static SignupLimits none() {
        return NONE;
    }

    /** The visitor's address, behind as many trusted proxies as the stack says (what captchas are told). */
    public String clientIp(HttpRequest request) {
        return ClientIp.of(request, config.trustedProxyHops());
    }

    /**
     * @return empty: go ahead (counted); otherwise how long until the full window ends
     * @throws com.leadpipe.store.StoreException when the counter cannot be reached (nothing stored)
     */
    public Optional<Duration> admit(HttpRequest request, String campaignId) {
        if (config.signupsPerIpHour() == 0 && config.signupsPerIpDay() == 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String ipKey = ClientIp.limitKey(ClientIp.of(request, config.trustedProxyHops()));
        Optional<LimitStore.Refusal> refusal = store.countSignup(ipKey, now, config.signupsPerIpHour(),
                config.signupsPerIpDay());
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        log.warn("signup.ip_limited", "campaign", campaignId, "ip", ipKey.substring(0, 12),
                "window", refusal.get().dayFull() ? "day" : "hour");
        Duration wait = Duration.between(now, refusal.get().retryAt());
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }
}
