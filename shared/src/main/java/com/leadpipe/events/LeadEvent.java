package com.leadpipe.events;

import java.time.Instant;
import java.util.Map;

/**
 * One typed lead event, as it goes onto the bus: {@code detail-type} is {@link #type()}, the
 * detail is {@link #detail()} (schema: docs/events/lead-event.schema.json).
 */
public record LeadEvent(String type, Instant time, Map<String, Object> detail) {

    public static final int VERSION = 1;

    public static final String CONFIRMED = "lead.confirmed";
    public static final String QUALIFIED = "lead.qualified";
    public static final String HAND_RAISED = "lead.hand_raised";
    public static final String ACKNOWLEDGED = "lead.acknowledged";
    public static final String UNSUBSCRIBED = "lead.unsubscribed";
    public static final String SUPPRESSED = "lead.suppressed";
    /** A privacy erasure removed the lead: consumers erase their copy (no fields, no attribution). */
    public static final String ERASED = "lead.erased";

    public LeadEvent {
        detail = Map.copyOf(detail);
    }

    public String id() {
        return (String) detail.get("id");
    }

    public String campaign() {
        return (String) detail.get("campaign");
    }
}
