package com.leadpipe.config;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.log.Log;
import com.leadpipe.nurture.NurtureConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings every function reads once, at init, from its environment (set by template.yaml and by
 * Lambda): the one place a function reads environment variables. Functions take what they need.
 *
 * @param tableName            TABLE_NAME: the single DynamoDB table
 * @param senderAddress        SENDER_ADDRESS: verified SES identity mail is sent from
 * @param configurationSet     SES_CONFIGURATION_SET: optional SES configuration set name
 * @param publicBaseUrl        PUBLIC_BASE_URL: optional https base for links in mail; empty means
 *                             "derive from the request's host" (the API's own URL)
 * @param pendingTtl           PENDING_TTL_DAYS: how long an unconfirmed signup is kept (default 7)
 * @param confirmationCap      CONFIRMATION_CAP: confirmation mails per address per 24 h (default 3)
 * @param mailLease            MAIL_LEASE_SECONDS: how long a claimed confirmation send is left to its
 *                             sender before the outbox sweep may send it again (default 60: longer
 *                             than any function's Timeout, so an attempt in flight is never doubled)
 * @param allowedOrigins       ALLOWED_ORIGINS: comma-separated sites whose scripts may post to every
 *                             campaign (CORS); each campaign adds its own {@code embed.allowedOrigins}
 * @param nurture              the nurture functions' settings (NURTURE_QUEUE_URL, NURTURE_MAX_PER_RUN,
 *                             SES_MAX_SEND_RATE, SENDER_CONCURRENCY, LINK_BASE_URL)
 * @param bounceTopicArn       BOUNCE_TOPIC_ARN: the only SNS topic the bounce function accepts
 * @param runtime              what Lambda itself sets (region, credentials source, log level) and the
 *                             SDK timeouts
 */
public record LeadpipeConfig(
        String tableName,
        String senderAddress,
        Optional<String> configurationSet,
        Optional<URI> publicBaseUrl,
        Duration pendingTtl,
        int confirmationCap,
        Duration mailLease,
        java.util.List<String> allowedOrigins,
        NurtureConfig nurture,
        Optional<String> bounceTopicArn,
        Runtime runtime) {

    /**
     * @param region               AWS_REGION (else AWS_DEFAULT_REGION)
     * @param containerCredentials AWS_CONTAINER_CREDENTIALS_FULL_URI is set: SnapStart functions get
     *                             credentials from the runtime's endpoint instead of key variables
     * @param logLevel             AWS_LAMBDA_LOG_LEVEL, from the function's LoggingConfig
     * @param sdkTimeouts          AWS_ATTEMPT_TIMEOUT_MS, AWS_CALL_TIMEOUT_MS: every SDK call's bounds
     */
    public record Runtime(String region, boolean containerCredentials, Log.Level logLevel,
                          AwsClients.Timeouts sdkTimeouts) {
    }

    public static final Duration CAP_WINDOW = Duration.ofHours(24);

    public LeadpipeConfig {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME is not set");
        }
        if (senderAddress == null || !senderAddress.contains("@")) {
            throw new IllegalArgumentException("SENDER_ADDRESS is not set to an email address");
        }
        if (pendingTtl.isNegative() || pendingTtl.isZero()) {
            throw new IllegalArgumentException("PENDING_TTL_DAYS must be at least 1");
        }
        allowedOrigins = java.util.List.copyOf(allowedOrigins);
        if (mailLease.isNegative() || mailLease.isZero()) {
            throw new IllegalArgumentException("MAIL_LEASE_SECONDS must be at least 1");
        }
        if (confirmationCap < 1) {
            throw new IllegalArgumentException("CONFIRMATION_CAP must be at least 1");
        }
    }

    public static final Duration DEFAULT_MAIL_LEASE = Duration.ofSeconds(60);

    /** The signup settings alone, for tests and the local runner: nurture and runtime defaults. */
    public LeadpipeConfig(String tableName, String senderAddress, Optional<String> configurationSet,
                          Optional<URI> publicBaseUrl, Duration pendingTtl, int confirmationCap,
                          Duration mailLease, java.util.List<String> allowedOrigins) {
        this(tableName, senderAddress, configurationSet, publicBaseUrl, pendingTtl, confirmationCap, mailLease,
                allowedOrigins, NurtureConfig.from(Map.of()), Optional.empty(),
                new Runtime("us-east-1", false, Log.Level.INFO, AwsClients.Timeouts.DEFAULT));
    }

    /** The same settings, for tests and the local runner, without origins and with the default lease. */
    public LeadpipeConfig(String tableName, String senderAddress, Optional<String> configurationSet,
                          Optional<URI> publicBaseUrl, Duration pendingTtl, int confirmationCap) {
        this(tableName, senderAddress, configurationSet, publicBaseUrl, pendingTtl, confirmationCap,
                DEFAULT_MAIL_LEASE, java.util.List.of());
    }

    /** The admin function's own settings (erasure key, export bucket), read here like the rest. */
    public static com.leadpipe.admin.AdminSettings adminFromEnvironment() {
        return com.leadpipe.admin.AdminSettings.from(System.getenv());
    }

    public static LeadpipeConfig fromEnvironment() {
        return from(environment());
    }

    /** The process environment: other settings records (e.g. {@code AbuseConfig}) read it through here. */
    public static Map<String, String> environment() {
        return System.getenv();
    }

    public static LeadpipeConfig from(Map<String, String> env) {
        return new LeadpipeConfig(
                env.get("TABLE_NAME"),
                env.get("SENDER_ADDRESS"),
                optional(env, "SES_CONFIGURATION_SET"),
                optional(env, "PUBLIC_BASE_URL").map(LeadpipeConfig::baseUrl),
                Duration.ofDays(integer(env, "PENDING_TTL_DAYS", 7)),
                integer(env, "CONFIRMATION_CAP", 3),
                Duration.ofSeconds(integer(env, "MAIL_LEASE_SECONDS", (int) DEFAULT_MAIL_LEASE.toSeconds())),
                optional(env, "ALLOWED_ORIGINS").map(v -> java.util.Arrays.stream(v.split(","))
                        .map(String::strip).filter(s -> !s.isEmpty() && !s.equals("*")).toList())
                        .orElse(java.util.List.of()),
                NurtureConfig.from(env),
                optional(env, "BOUNCE_TOPIC_ARN"),
                new Runtime(optional(env, "AWS_REGION").or(() -> optional(env, "AWS_DEFAULT_REGION")).orElse(null),
                        env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI"), Log.level(env.get("AWS_LAMBDA_LOG_LEVEL")),
                        AwsClients.Timeouts.from(env)));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        return optional(env, name).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
            }
        }).orElse(fallback);
    }

    private static URI baseUrl(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri = URI.create(trimmed);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("PUBLIC_BASE_URL must be an http(s) URL, got '" + value + "'");
        }
        return uri;
    }
}
