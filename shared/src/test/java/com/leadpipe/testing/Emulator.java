package com.leadpipe.testing;

import java.net.URI;
import java.util.List;

/** One running set of AWS emulators, however started. {@link AwsEmulators} is the public face. */
interface Emulator extends AutoCloseable {

    /** "local" or "localstack": which emulators answer. */
    String mode();

    /** Endpoint for an SDK service id that {@link AwsEmulators#SERVICES} lists. */
    URI endpoint(String service);

    /** Every email the emulated SES accepted since it started, oldest first. */
    List<SentEmail> sentEmails();

    /** Stops the emulators; safe to call twice. */
    @Override
    void close();
}
