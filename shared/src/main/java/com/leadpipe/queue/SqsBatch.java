package com.leadpipe.queue;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.leadpipe.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lambda's SQS event and partial-batch response, read and written as the wire JSON.
 *
 * <p>Not through aws-lambda-java-events' {@code SQSEvent}: the Lambda Java runtime deserializes its
 * built-in event types with a serializer that loads joda-time from the function's own jars
 * (aws/aws-lambda-java-libs#72), and the functions leave joda-time out (640 KB). With a stream
 * handler the runtime hands over the bytes untouched. Only what the consumers use is read.
 */
public final class SqsBatch {

    /** Leaves the runtime's output stream open: it is the caller's. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** One record of the batch; {@code receiveCount} is 0 when SQS did not say. */
    public record Message(String messageId, String body, int receiveCount) {
    }

    /** What a consumer makes of one message. */
    @FunctionalInterface
    public interface Consumer {
        /** @return true when the message is done; false to have SQS deliver it again (then the DLQ) */
        boolean consume(Message message);
    }

    private SqsBatch() {
    }

    /**
     * Reads the event, hands each message to {@code consumer} in order, and writes the response that
     * names the messages it did not finish ({@code {"batchItemFailures":[{"itemIdentifier":…}]}}),
     * as {@code ReportBatchItemFailures} expects.
     *
     * @throws IllegalArgumentException if the payload is not an SQS event: the invocation fails and
     *                                  the whole batch is delivered again
     */
    public static void handle(InputStream event, OutputStream response, Consumer consumer) {
        List<String> failed = new ArrayList<>();
        for (Message message : read(event)) {
            if (!consumer.consume(message)) {
                failed.add(message.messageId());
            }
        }
        writeResponse(failed, response);
    }

    /** @throws IllegalArgumentException if the payload is not an SQS event */
    public static List<Message> read(InputStream event) {
        Object root = JsonTree.parse(event);
        if (!(root instanceof Map<?, ?> map) || !(map.get("Records") instanceof List<?>)) {
            throw new IllegalArgumentException("not an SQS event: no Records");
        }
        List<Message> messages = new ArrayList<>();
        for (Object record : JsonTree.array(root, "Records")) {
            String id = JsonTree.string(record, "messageId");
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("an SQS record has no messageId");
            }
            String body = JsonTree.string(record, "body");
            messages.add(new Message(id, body == null ? "" : body,
                    receiveCount(JsonTree.string(JsonTree.object(record, "attributes"), "ApproximateReceiveCount"))));
        }
        return messages;
    }

    /** Writes the partial-batch response naming {@code failedMessageIds} (none: an empty list). */
    public static void writeResponse(List<String> failedMessageIds, OutputStream response) {
        try (JsonGenerator json = JSON.createGenerator(response, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("batchItemFailures");
            for (String id : failedMessageIds) {
                json.writeStartObject();
                json.writeStringField("itemIdentifier", id);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int receiveCount(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
