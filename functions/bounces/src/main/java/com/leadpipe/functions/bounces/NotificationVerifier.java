package com.leadpipe.functions.bounces;

/**
 * Decides whether an SNS notification is genuine. {@link SnsVerifier} in Lambda; tests of the
 * handler's logic on the events/ fixtures (whose signatures AWS never made) pass one that accepts.
 */
@FunctionalInterface
public interface NotificationVerifier {

    /**
     * @throws RejectedMessage if it is not a genuine notification for us
     * @throws SigningCertificates.Unavailable if that can't be decided right now
     */
    void verify(SnsMessage message) throws RejectedMessage;
}
