package com.leadpipe.functions.events;

import com.leadpipe.json.JsonTree;
import com.leadpipe.testing.EmulatedBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A bus of the emulator with a rule that sends every Leadpipe event to a queue, read back here:
 * what a subscriber of the bus would receive (the EventBridge envelope with {@code detail}).
 */
final class BusCapture {

    final EventBridgeClient events = EmulatedBackend.AWS.clients().configured(EventBridgeClient.builder(), "eventbridge")
            .build();
    final String busName = "leadpipe-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final SqsClient sqs = EmulatedBackend.AWS.sqs();
    private final String queueUrl;
    private final List<Map<String, Object>> received = new ArrayList<>();

    BusCapture() {
        events.createEventBus(r -> r.name(busName));
        queueUrl = EmulatedBackend.AWS.createQueue("bus-capture");
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(r -> r.name("all").eventBusName(busName).eventPattern("{\"source\":[\"leadpipe\"]}"));
        events.putTargets(r -> r.rule("all").eventBusName(busName).targets(t -> t.id("capture").arn(queueArn)));
    }

    /** Every event delivered so far, oldest first. */
    List<Map<String, Object>> all() {
        List<Message> batch;
        while (!(batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages()).isEmpty()) {
            for (Message m : batch) {
                received.add(envelope(m.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return List.copyOf(received);
    }

    List<Map<String, Object>> ofType(String detailType) {
        return all().stream().filter(e -> detailType.equals(e.get("detail-type"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelope(String body) {
        return (Map<String, Object>) JsonTree.parse(body);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }
}
