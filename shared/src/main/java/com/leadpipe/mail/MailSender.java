package com.leadpipe.mail;

/** Sends one email; implemented over SES, replaceable in unit tests. */
public interface MailSender {

    /** @return the provider's message id */
    String send(OutgoingEmail email) throws MailException;
}
