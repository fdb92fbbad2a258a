package com.leadpipe.queue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.leadpipe.json.JsonTree;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Confirmation retries on SQS. The client is built on first use: SES failures are rare, so
 * normal cold starts don't pay for loading the SQS client.
 */
public final class SqsRetryQueue implements RetryQueue {

    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<SqsClient> sqsFactory;
    private final String queueUrl;
    private volatile SqsClient sqs;

    public SqsRetryQueue(Supplier<SqsClient> sqsFactory, String queueUrl) {
        this.sqsFactory = sqsFactory;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(ConfirmationRetry retry) throws RetryQueueException {
        try {
            String body = toJson(retry);
            client().sendMessage(m -> m.queueUrl(queueUrl).messageBody(body).delaySeconds(30));
        } catch (SdkException e) {
            throw new RetryQueueException("cannot enqueue confirmation retry", e);
        }
    }

    private SqsClient client() {
        SqsClient c = sqs;
        if (c == null) {
            synchronized (this) {
                if (sqs == null) {
                    sqs = sqsFactory.get();
                }
                c = sqs;
            }
        }
        return c;
    }

    public static String toJson(ConfirmationRetry retry) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("campaign", retry.campaignId());
        body.put("addressKey", retry.addressKey());
        body.put("submissionId", retry.submissionId());
        body.put("baseUrl", retry.baseUrl());
        return JsonTree.write(body);
    }

    /** @throws IllegalArgumentException when the body is not a retry message (a poison message) */
    public static ConfirmationRetry fromJson(String body) {
        Map<String, String> values = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("retry message is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                values.put(name, parser.getValueAsString());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("retry message is not JSON", e);
        }
        for (String required : new String[] {"campaign", "addressKey", "submissionId", "baseUrl"}) {
            if (values.get(required) == null || values.get(required).isBlank()) {
                throw new IllegalArgumentException("retry message lacks " + required);
            }
        }
        return new ConfirmationRetry(values.get("campaign"), values.get("addressKey"), values.get("submissionId"),
                values.get("baseUrl"));
    }
}
