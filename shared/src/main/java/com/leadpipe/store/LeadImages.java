package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.instant;
import static com.leadpipe.store.ItemCodec.s;

import com.leadpipe.store.Records.Lead;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items as the table's change stream shows them (old and new images), read with the same decoders
 * the store uses, so an event says what the store means by a lead, never a second reading of it.
 */
public final class LeadImages {

    private static final LeadRepository LEADS = new LeadRepository(null);

    private LeadImages() {
    }

    /** A lead item's image with what the hand-off added to it. */
    public record LeadImage(Lead lead, Optional<HandRaise> handRaise, Optional<Instant> unsubscribedAt) {
    }

    /**
     * @param request        what the lead asked for (channel, phone, best time, message)
     * @param acknowledgedBy who said "I've got this" (as they typed it; may be empty)
     */
    public record HandRaise(Instant at, Map<String, String> request, Optional<Instant> acknowledgedAt,
                            String acknowledgedBy) {
    }

    /** An address item's suppression, as the bounce function writes it. */
    public record AddressImage(String addressKey, boolean suppressed, String reason) {
    }

    /** The lead, if the image is a lead item ({@code SK = LEAD}). */
    public static Optional<LeadImage> lead(Map<String, AttributeValue> image) {
        if (image == null || !LeadpipeTable.SK_LEAD.equals(s(image, LeadpipeTable.SK)) || !image.containsKey("status")) {
            return Optional.empty();
        }
        Lead lead = LEADS.decode(image);
        Optional<HandRaise> raise = Optional.ofNullable(instant(image, "handRaisedAt")).map(at -> new HandRaise(at,
                ItemCodec.strings(image.get("handRaise")), Optional.ofNullable(instant(image, "acknowledgedAt")),
                Optional.ofNullable(s(image, "acknowledgedBy")).orElse("")));
        return Optional.of(new LeadImage(lead, raise, Optional.ofNullable(instant(image, "unsubscribedAt"))));
    }

    /** The address, if the image is an address item ({@code SK = ADDR}). */
    public static Optional<AddressImage> address(Map<String, AttributeValue> image) {
        if (image == null || !LeadpipeTable.SK_ADDRESS.equals(s(image, LeadpipeTable.SK))) {
            return Optional.empty();
        }
        AttributeValue suppressed = image.get("suppressed");
        return Optional.of(new AddressImage(LeadpipeTable.addressKeyOf(s(image, LeadpipeTable.PK)),
                suppressed != null && Boolean.TRUE.equals(suppressed.bool()),
                Optional.ofNullable(s(image, "suppressedReason")).orElse("")));
    }
}
