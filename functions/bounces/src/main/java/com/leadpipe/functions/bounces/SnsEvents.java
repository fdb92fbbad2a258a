package com.leadpipe.functions.bounces;

import com.leadpipe.json.JsonTree;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Lambda's SNS event ({@code {"Records":[{"EventSource":"aws:sns","Sns":{…}}]}}) from the raw
 * invocation payload. Not through aws-lambda-java-events' {@code SNSEvent}: its timestamp is a
 * joda-time {@code DateTime} (a 640 KB dependency the functions leave out), and a signature can
 * only be checked over the timestamp text exactly as SNS sent it, not as re-formatted from a date.
 */
final class SnsEvents {

    private SnsEvents() {
    }

    /** @throws IllegalArgumentException if the payload is not an SNS event */
    static List<SnsMessage> parse(InputStream payload) {
        Object root = JsonTree.parse(payload);
        List<Object> records = JsonTree.array(root, "Records");
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no Records");
        }
        List<SnsMessage> messages = new ArrayList<>(records.size());
        for (Object record : records) {
            if (!"aws:sns".equals(JsonTree.string(record, "EventSource"))) {
                throw new IllegalArgumentException("a record is not from SNS");
            }
            Map<String, Object> sns = JsonTree.object(record, "Sns");
            // Lambda spells it SigningCertUrl; SNS's HTTP deliveries spell it SigningCertURL.
            String certUrl = JsonTree.string(sns, "SigningCertUrl");
            messages.add(new SnsMessage(JsonTree.string(sns, "Type"), JsonTree.string(sns, "MessageId"),
                    JsonTree.string(sns, "TopicArn"), JsonTree.string(sns, "Subject"), JsonTree.string(sns, "Message"),
                    JsonTree.string(sns, "Timestamp"), JsonTree.string(sns, "SignatureVersion"),
                    JsonTree.string(sns, "Signature"),
                    certUrl != null ? certUrl : JsonTree.string(sns, "SigningCertURL")));
        }
        return messages;
    }
}
