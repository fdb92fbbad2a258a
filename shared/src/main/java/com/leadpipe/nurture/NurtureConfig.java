package com.leadpipe.nurture;

import java.util.Map;

/**
 * Settings of the nurture functions, read once from their environment (template.yaml).
 *
 * @param queueUrl          NURTURE_QUEUE_URL: where the scheduler queues due leads for the sender
 * @param maxPerRun         NURTURE_MAX_PER_RUN: leads the scheduler queues per run at most (default 1000)
 * @param sendRatePerWorker mails per second one sender may send: SES_MAX_SEND_RATE (the account's
 *                          rate, a template parameter) divided by SENDER_CONCURRENCY (the SQS event
 *                          source's maximum concurrency), so all senders together stay under it
 * @param linkBaseUrl       LINK_BASE_URL: https base of links in mail (unsubscribe), the public URL
 */
public record NurtureConfig(String queueUrl, int maxPerRun, double sendRatePerWorker, String linkBaseUrl) {

    public static NurtureConfig from(Map<String, String> env) {
        return new NurtureConfig(env.getOrDefault("NURTURE_QUEUE_URL", ""),
                Integer.parseInt(env.getOrDefault("NURTURE_MAX_PER_RUN", "1000")),
                Double.parseDouble(env.getOrDefault("SES_MAX_SEND_RATE", "1"))
                        / Integer.parseInt(env.getOrDefault("SENDER_CONCURRENCY", "1")),
                env.getOrDefault("LINK_BASE_URL", "").replaceAll("/+$", ""));
    }
}
