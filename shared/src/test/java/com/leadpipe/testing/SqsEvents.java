package com.leadpipe.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/** SQS events as Lambda's SQS poller hands them to a function, for driving SQS-triggered handlers. */
public final class SqsEvents {

    private SqsEvents() {
    }

    /** The messages received from a queue, as one batch, each in its first delivery. */
    public static SQSEvent of(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            record.setEventSource("aws:sqs");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** One message with this id and body, as a batch of one. */
    public static SQSEvent of(String messageId, String body) {
        return of(List.of(Message.builder().messageId(messageId).body(body).build()));
    }
}
