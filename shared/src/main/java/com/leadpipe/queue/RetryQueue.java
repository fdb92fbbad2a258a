package com.leadpipe.queue;

/** Where confirmation mails that SES refused wait to be sent again. */
public interface RetryQueue {

    /** A pending signup whose confirmation mail must be sent again; holds no personal data. */
    record ConfirmationRetry(String campaignId, String addressKey, String submissionId, String baseUrl) {
    }

    void enqueue(ConfirmationRetry retry) throws RetryQueueException;

    final class RetryQueueException extends Exception {
        public RetryQueueException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
