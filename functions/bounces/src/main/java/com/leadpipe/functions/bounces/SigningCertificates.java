package com.leadpipe.functions.bounces;

import java.net.URI;
import java.security.cert.X509Certificate;

/** Where SNS signing certificates come from: AWS over HTTPS in Lambda, a test certificate in tests. */
@FunctionalInterface
public interface SigningCertificates {

    /**
     * @param url already checked to be {@code https://sns.<region>.amazonaws.com/….pem}
     * @throws Unavailable if it can't be had right now (network, AWS): worth retrying, unlike a
     *                     bad signature
     */
    X509Certificate get(URI url);

    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
