package com.leadpipe.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SQS events as Lambda delivers them (the wire JSON, {@code Records} with {@code messageId}, {@code body},
 * {@code attributes}…), and the partial-batch response read back: for the stream handlers of the SQS
 * consumers, tested the way the runtime calls them.
 */
public final class SqsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvents() {
    }

    /** One record: message id and body, received once. */
    public record Record(String messageId, String body) {
    }

    /** The event for messages received from a real queue. */
    public static byte[] of(List<Message> messages) {
        List<Record> records = new ArrayList<>();
        for (Message m : messages) {
            records.add(new Record(m.messageId(), m.body()));
        }
        return ofRecords(records);
    }

    public static byte[] ofRecords(List<Record> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Record r : records) {
            ObjectNode record = array.addObject();
            record.put("messageId", r.messageId());
            record.put("receiptHandle", "handle-" + r.messageId());
            record.put("body", r.body());
            record.putObject("attributes").put("ApproximateReceiveCount", "1");
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:test-queue");
            record.put("awsRegion", "us-east-1");
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Invokes {@code handler} with {@code event}; returns the ids its response reports as failed. */
    public static List<String> invoke(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            JsonNode response = JSON.readTree(out.toByteArray());
            if (response == null || !response.path("batchItemFailures").isArray()) {
                throw new AssertionError("not a partial-batch response: " + out);
            }
            List<String> failed = new ArrayList<>();
            for (JsonNode failure : response.get("batchItemFailures")) {
                failed.add(failure.path("itemIdentifier").asText(null));
            }
            return failed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Invokes {@code handler} with messages received from a queue; returns the failed ids. */
    public static List<String> invoke(RequestStreamHandler handler, List<Message> messages) {
        return invoke(handler, of(messages));
    }
}
