package com.leadpipe.functions.bounces;

/**
 * One SNS notification as Lambda hands it over (the {@code Sns} object of an event record), with
 * every field kept as the exact text SNS signed: the signature is checked over these strings.
 *
 * @param subject null when the message has none (it is then left out of the signed text)
 */
public record SnsMessage(String type, String messageId, String topicArn, String subject, String message,
                         String timestamp, String signatureVersion, String signature, String signingCertUrl) {

    /**
     * The text SNS signs for a Notification: each field's name and value on their own lines,
     * in this order, Subject only if present.
     */
    public String canonicalNotification() {
        StringBuilder text = new StringBuilder(message.length() + 256);
        field(text, "Message", message);
        field(text, "MessageId", messageId);
        if (subject != null) {
            field(text, "Subject", subject);
        }
        field(text, "Timestamp", timestamp);
        field(text, "TopicArn", topicArn);
        field(text, "Type", type);
        return text.toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(name).append('\n').append(value).append('\n');
    }
}
