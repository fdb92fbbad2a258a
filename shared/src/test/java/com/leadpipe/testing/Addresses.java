package com.leadpipe.testing;

import com.leadpipe.email.EmailAddress;
import java.util.UUID;

/** Email addresses for tests: a new one per test, so tests sharing an emulator never meet. */
public final class Addresses {

    private Addresses() {
    }

    /** E.g. {@code unique("grace", "example.org")}: grace-1a2b3c4d@example.org. */
    public static String unique(String name, String domain) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    }

    /** The address's key in the table, as the signup computes it. */
    public static String key(String email) {
        return EmailAddress.tryParse(email).orElseThrow().key();
    }
}
