package com.leadpipe.admin;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The admin function's settings.
 *
 * @param erasureKey     ERASURE_KEY: secret of the keyed hash in erasure tombstones (at least 32 characters)
 * @param exportBucket   EXPORT_BUCKET: where CSV exports above {@code inlineMaxRows} go; empty: always inline
 * @param inlineMaxRows  EXPORT_INLINE_MAX_ROWS: most rows answered in the response itself (default 2000,
 *                       well under API Gateway's 6 MB payload at ~1 KB a row)
 * @param linkValidity   EXPORT_LINK_MINUTES: how long a presigned export link works (default 15)
 */
public record AdminSettings(String erasureKey, Optional<String> exportBucket, int inlineMaxRows, Duration linkValidity) {

    public AdminSettings {
        if (erasureKey == null || erasureKey.length() < 32) {
            throw new IllegalArgumentException("ERASURE_KEY must be set to at least 32 characters");
        }
        if (inlineMaxRows < 1) {
            throw new IllegalArgumentException("EXPORT_INLINE_MAX_ROWS must be at least 1");
        }
    }

    public static AdminSettings from(Map<String, String> env) {
        String bucket = env.get("EXPORT_BUCKET");
        return new AdminSettings(env.get("ERASURE_KEY"),
                bucket == null || bucket.isBlank() ? Optional.empty() : Optional.of(bucket.strip()),
                number(env, "EXPORT_INLINE_MAX_ROWS", 2000), Duration.ofMinutes(number(env, "EXPORT_LINK_MINUTES", 15)));
    }

    private static int number(Map<String, String> env, String name, int fallback) {
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
