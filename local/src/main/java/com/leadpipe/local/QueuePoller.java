package com.leadpipe.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.leadpipe.local.SamTemplate.TemplateException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, for one {@code SQS} event of the template: receive a
 * batch, invoke the function with the SQS event as Lambda's wire JSON, delete what succeeded. With
 * {@code ReportBatchItemFailures} the items the function reports stay in the queue (they come back
 * after the visibility timeout, and go to the dead-letter queue after the redrive limit, both as
 * the emulator applies the queue's settings); without it, or when the function throws, the whole
 * batch stays.
 */
public final class QueuePoller {

    private final LocalFunction function;
    private final String eventName;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final boolean reportsItemFailures;
    private final PrintStream console;
    private int receiveFailures;

    QueuePoller(LocalFunction function, String eventName, SqsClient sqs, String queueUrl, String queueArn, int batchSize,
                boolean reportsItemFailures, PrintStream console) {
        this.function = function;
        this.eventName = eventName;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = batchSize;
        this.reportsItemFailures = reportsItemFailures;
        this.console = console;
    }

    /** A poller per {@code SQS} event of {@code functions}, on the queues {@code resources} created. */
    public static List<QueuePoller> from(List<LocalFunction> functions, LocalResources resources, SqsClient sqs,
                                         PrintStream console) {
        Intrinsics intrinsics = resources.intrinsics();
        List<QueuePoller> pollers = new ArrayList<>();
        for (LocalFunction function : functions) {
            for (SamTemplate.Event event : function.spec().events().values()) {
                if (!event.type().equals("SQS")) {
                    continue;
                }
                String where = "Resources." + function.logicalId() + ".Properties.Events." + event.name() + ".Properties";
                if (Boolean.FALSE.equals(event.properties().get("Enabled"))) {
                    continue;
                }
                String queueId = Intrinsics.target(event.properties().get("Queue"), where + ".Queue");
                String url = resources.queueUrls().get(queueId);
                if (url == null) {
                    throw new TemplateException(where + ".Queue: " + queueId + " is not an AWS::SQS::Queue of the template");
                }
                Object batch = event.properties().getOrDefault("BatchSize", 10);
                int batchSize = Integer.parseInt(intrinsics.resolve(batch, where + ".BatchSize"));
                Object responseTypes = event.properties().get("FunctionResponseTypes");
                boolean reports = responseTypes instanceof List<?> types && types.contains("ReportBatchItemFailures");
                pollers.add(new QueuePoller(function, event.name(), sqs, url, intrinsics.resolve(
                        Map.of("Fn::GetAtt", List.of(queueId, "Arn")), where + ".Queue"), batchSize, reports, console));
            }
        }
        return pollers;
    }

    public String description() {
        return function.logicalId() + "." + eventName + " <- " + queueArn.substring(queueArn.lastIndexOf(':') + 1);
    }

    /**
     * Receives one batch (without waiting) and hands it to the function.
     *
     * @return how many messages were received
     */
    public int pollOnce() {
        List<Message> messages;
        try {
            // SQS hands out at most 10 per receive; Lambda's larger batches are a batching window we skip.
            messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(Math.min(batchSize, 10))
                    .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
        } catch (SdkException e) {
            // Said once, after a few misses in a row: a blip (or moto going down first on Ctrl-C) stays quiet.
            if (++receiveFailures == 3) {
                console.println("[local] " + description() + ": cannot receive from the queue ("
                        + e.getClass().getSimpleName() + "); is the SQS emulator still running?");
            }
            return 0;
        }
        receiveFailures = 0;
        if (messages.isEmpty()) {
            return 0;
        }
        Set<String> failed;
        try {
            SQSBatchResponse response = function.invoke(event(messages), SQSBatchResponse.class);
            failed = failedIds(response, messages);
        } catch (LocalFunction.InvocationException e) {
            console.println("[local] " + description() + ": function failed (" + e.reason() + "); the batch stays in the queue");
            return messages.size();
        }
        List<DeleteMessageBatchRequestEntry> done = messages.stream()
                .filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
        }
        return messages.size();
    }

    /** Lambda's rules: an item failure that names no message of the batch fails the whole batch. */
    private Set<String> failedIds(SQSBatchResponse response, List<Message> batch) {
        Set<String> all = batch.stream().map(Message::messageId).collect(Collectors.toSet());
        if (!reportsItemFailures || response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> failed = new java.util.HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            if (failure.getItemIdentifier() == null || !all.contains(failure.getItemIdentifier())) {
                return all;
            }
            failed.add(failure.getItemIdentifier());
        }
        return failed;
    }

    /** The event as Lambda sends it ({@code Records}, {@code eventSourceARN}…), not a POJO's field names. */
    private Map<String, Object> event(List<Message> messages) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            record.put("attributes", new LinkedHashMap<>(m.attributesAsStrings()));
            Map<String, Object> attributes = new LinkedHashMap<>();
            m.messageAttributes().forEach((name, value) -> {
                Map<String, Object> attribute = new LinkedHashMap<>();
                attribute.put("dataType", value.dataType());
                if (value.stringValue() != null) {
                    attribute.put("stringValue", value.stringValue());
                }
                if (value.binaryValue() != null) {
                    attribute.put("binaryValue", java.util.Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
                }
                attributes.put(name, attribute);
            });
            record.put("messageAttributes", attributes);
            record.put("md5OfBody", m.md5OfBody());
            if (m.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", LocalAws.REGION.id());
            records.add(record);
        }
        return Map.of("Records", records);
    }
}
