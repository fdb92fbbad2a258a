package com.leadpipe.queue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.leadpipe.nurture.NurtureScheduler;
import com.leadpipe.store.NurtureStore;
import com.leadpipe.store.StoreException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Due leads on the nurture send queue, ten to a request; messages hold ids only, no personal data. */
public final class SqsNurtureQueue implements NurtureScheduler.SendQueue {

    private static final JsonFactory JSON = new JsonFactory();

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsNurtureQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(List<NurtureStore.DueLead> leads) {
        for (int from = 0; from < leads.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<NurtureStore.DueLead> batch = leads.subList(from, Math.min(leads.size(), from + 10));
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i))
                        .messageBody(toJson(batch.get(i).campaignId(), batch.get(i).addressKey())).build());
            }
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    // Those leads stay leased and come due again when the lease ends: nothing is lost.
                    throw new StoreException(response.failed().size() + " nurture messages not queued", null);
                }
            } catch (SdkException e) {
                throw new StoreException("cannot queue nurture sends", e);
            }
        }
    }

    public static String toJson(String campaignId, String addressKey) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("campaign", campaignId);
            json.writeStringField("addressKey", addressKey);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** @return campaign id and address key; IllegalArgumentException for a poison message */
    public static String[] fromJson(String body) {
        Map<String, String> values = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("nurture message is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                values.put(name, parser.getValueAsString());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("nurture message is not JSON", e);
        }
        String campaign = values.get("campaign");
        String addressKey = values.get("addressKey");
        if (campaign == null || addressKey == null || !addressKey.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("nurture message lacks campaign or addressKey");
        }
        return new String[] {campaign, addressKey};
    }
}
