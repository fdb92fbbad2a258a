package com.leadpipe.admin;

import java.net.URI;
import java.time.Duration;

/** Where exports too large for one response go (the export bucket), and how they are fetched. */
public interface ExportSink {

    /** Stores the export and answers a link that works for {@code valid}, without credentials. */
    URI put(String key, String contentType, byte[] body, Duration valid);

    /** False where no bucket is (the local runner): every export is answered inline. */
    default boolean available() {
        return true;
    }

    /** Deletes every export under {@code prefix} (erasure: exports of a person's campaigns). */
    int deleteAll(String prefix);

    /** For deployments without a bucket: every export is answered inline. */
    ExportSink NONE = new ExportSink() {
        @Override
        public URI put(String key, String contentType, byte[] body, Duration valid) {
            throw new IllegalStateException("no export bucket is configured");
        }

        @Override
        public int deleteAll(String prefix) {
            return 0;
        }

        @Override
        public boolean available() {
            return false;
        }
    };
}
