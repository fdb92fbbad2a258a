package com.leadpipe.conformance;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/** One person moving through the funnel; each stage fills in what the next one needs. */
final class Lead {

    private static final Random RANDOM = new Random();

    final String email = "bench-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    /** Each visitor from a network of its own (an IPv6 /64 of the documentation prefix), as on the web. */
    final String ip = String.format(Locale.ROOT, "2001:db8:%x:%x::1", RANDOM.nextInt(0x10000), RANDOM.nextInt(0x10000));
    String confirmToken;
    String surveyToken;
    String unsubscribeQuery;
}
