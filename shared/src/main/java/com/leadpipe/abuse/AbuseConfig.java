package com.leadpipe.abuse;

import com.leadpipe.config.LeadpipeConfig;
import java.util.Map;
import java.util.Optional;

/**
 * The abuse settings of the signup path, read once at init from the function's environment
 * (template.yaml parameters of the same meaning). A limit of 0 turns that limit off.
 *
 * @param signupsPerIpHour   SIGNUPS_PER_IP_HOUR: signups one client IP (IPv6: its /64) may make per UTC hour
 * @param signupsPerIpDay    SIGNUPS_PER_IP_DAY: the same per UTC day
 * @param trustedProxyHops   TRUSTED_PROXY_HOPS: proxies in front of the API whose X-Forwarded-For entries
 *                           are believed (0: none, the API Gateway peer address is the client; 1: one,
 *                           e.g. CloudFront)
 * @param newAddressMailsPerMinute CONFIRMATION_BUDGET_PER_MINUTE: confirmation mails to addresses not
 *                           mailed in the cap window, stack-wide, per minute; beyond it mails stay owed
 * @param captchaSecretName  CAPTCHA_SECRET_NAME: SSM parameter (name or ARN) or Secrets Manager secret
 *                           (ARN) holding the captcha provider's secret; empty: no campaign may use captcha
 */
public record AbuseConfig(int signupsPerIpHour, int signupsPerIpDay, int trustedProxyHops,
                          int newAddressMailsPerMinute, Optional<String> captchaSecretName) {

    /** What template.yaml's parameters default to. */
    public static final int DEFAULT_PER_HOUR = 10;
    public static final int DEFAULT_PER_DAY = 50;
    public static final int DEFAULT_BUDGET = 30;

    public AbuseConfig {
        if (signupsPerIpHour < 0 || signupsPerIpDay < 0 || newAddressMailsPerMinute < 0) {
            throw new IllegalArgumentException("SIGNUPS_PER_IP_HOUR, SIGNUPS_PER_IP_DAY and "
                    + "CONFIRMATION_BUDGET_PER_MINUTE must be 0 (off) or more");
        }
        if (trustedProxyHops < 0 || trustedProxyHops > 5) {
            throw new IllegalArgumentException("TRUSTED_PROXY_HOPS must be 0 to 5");
        }
    }

    /** No limits, no budget, no captcha secret: for tests of other things. */
    public static AbuseConfig off() {
        return new AbuseConfig(0, 0, 0, 0, Optional.empty());
    }

    public static AbuseConfig fromEnvironment() {
        return from(LeadpipeConfig.environment());
    }

    public static AbuseConfig from(Map<String, String> env) {
        return new AbuseConfig(
                integer(env, "SIGNUPS_PER_IP_HOUR", DEFAULT_PER_HOUR),
                integer(env, "SIGNUPS_PER_IP_DAY", DEFAULT_PER_DAY),
                integer(env, "TRUSTED_PROXY_HOPS", 0),
                integer(env, "CONFIRMATION_BUDGET_PER_MINUTE", DEFAULT_BUDGET),
                Optional.ofNullable(env.get("CAPTCHA_SECRET_NAME")).map(String::strip).filter(s -> !s.isEmpty()));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }
}
