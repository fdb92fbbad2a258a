package com.leadpipe.functions.events;

import com.leadpipe.events.EventBus;
import com.leadpipe.events.LeadEvent;
import com.leadpipe.json.JsonTree;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The stack's EventBridge bus. PutEvents takes at most 10 entries per call and answers per entry:
 * an entry with an error code was not taken, whatever the others did.
 */
final class EventBridgeBus implements EventBus {

    static final int MAX_ENTRIES = 10;

    private final EventBridgeClient events;
    private final String busName;
    private final String source;

    EventBridgeBus(EventBridgeClient events, String busName, String source) {
        this.events = events;
        this.busName = busName;
        this.source = source;
    }

    @Override
    public List<Integer> publish(List<LeadEvent> batch) {
        List<Integer> refused = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += MAX_ENTRIES) {
            List<LeadEvent> part = batch.subList(from, Math.min(batch.size(), from + MAX_ENTRIES));
            List<PutEventsRequestEntry> entries = part.stream().map(e -> PutEventsRequestEntry.builder()
                    .eventBusName(busName).source(source).detailType(e.type()).time(e.time())
                    .detail(JsonTree.write(e.detail())).build()).toList();
            PutEventsResponse response;
            try {
                response = events.putEvents(r -> r.entries(entries));
            } catch (SdkException e) {
                throw new IllegalStateException("PutEvents failed: " + e.getClass().getSimpleName(), e);
            }
            List<PutEventsResultEntry> results = response.entries();
            for (int i = 0; i < part.size(); i++) {
                // No result for an entry, or an error code: not taken.
                if (i >= results.size() || results.get(i).errorCode() != null) {
                    refused.add(from + i);
                }
            }
        }
        return refused;
    }
}
