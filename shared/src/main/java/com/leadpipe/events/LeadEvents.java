package com.leadpipe.events;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.FieldSpec;
import com.leadpipe.campaign.Survey;
import com.leadpipe.store.LeadImages;
import com.leadpipe.store.LeadImages.LeadImage;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.survey.Qualifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a change of a lead item means, as typed events: the old and new images compared. Pure: no
 * store, no bus. Every event carries {@code version}, an {@code id} stable across redeliveries of
 * the same change (the stream record's id and the type), the stream's {@code sequence} (orders the
 * events of one lead), campaign, lead id, qualification, attribution and the campaign's shareable
 * fields; the address itself only where the lead asked to be contacted ({@code lead.hand_raised}).
 */
public final class LeadEvents {

    private LeadEvents() {
    }

    /** A lead's change: none, one or (confirming with a hand already raised is impossible) at most a few events. */
    public static List<LeadEvent> of(StreamBatch.Change change, Function<String, Optional<Campaign>> campaigns) {
        Optional<LeadImage> after = change.newImage().flatMap(LeadImages::lead);
        Optional<LeadImage> before = change.oldImage().flatMap(LeadImages::lead);
        if (after.isEmpty() && before.isPresent() && change.newImage().isEmpty()) {
            // Only a privacy erasure deletes a lead item (leads have no TTL): tell consumers to erase theirs.
            return List.of(erased(change, before.get()));
        }
        if (after.isEmpty()) {
            return List.of(); // not a lead item (ledger, token, pending signup, marker)
        }
        Lead lead = after.get().lead();
        Optional<Campaign> campaign = campaigns.apply(lead.campaignId());
        List<LeadEvent> events = new ArrayList<>();
        boolean wasConfirmed = before.map(b -> b.lead().status() == LeadStatus.CONFIRMED).orElse(false);
        if (lead.status() == LeadStatus.CONFIRMED && !wasConfirmed) {
            events.add(event(LeadEvent.CONFIRMED, lead.confirmedAt(), change, after.get(), campaign, Map.of()));
        } else if (lead.status() == LeadStatus.UNSUBSCRIBED && wasConfirmed) {
            events.add(event(LeadEvent.UNSUBSCRIBED, after.get().unsubscribedAt().orElse(change.approximateTime()),
                    change, after.get(), campaign, Map.of()));
        } else if (lead.status() == LeadStatus.CONFIRMED) {
            Optional<LeadImages.HandRaise> raised = after.get().handRaise();
            boolean newlyRaised = raised.isPresent() && before.flatMap(LeadImage::handRaise).isEmpty();
            if (newlyRaised) {
                events.add(event(LeadEvent.HAND_RAISED, raised.get().at(), change, after.get(), campaign,
                        Map.of("handRaise", handRaise(lead, raised.get()))));
            } else if (qualificationChanged(before.get().lead().qualification(), lead.qualification())) {
                Qualifier.Qualification was = before.get().lead().qualification();
                events.add(event(LeadEvent.QUALIFIED, change.approximateTime(), change, after.get(), campaign,
                        Map.of("previous", Map.of("temperature", was.temperature().lower(), "stage", was.stage().lower()))));
            }
            if (raised.flatMap(LeadImages.HandRaise::acknowledgedAt).isPresent()
                    && before.flatMap(LeadImage::handRaise).flatMap(LeadImages.HandRaise::acknowledgedAt).isEmpty()) {
                Map<String, Object> ack = new LinkedHashMap<>();
                ack.put("at", raised.get().acknowledgedAt().get().toString());
                ack.put("by", raised.get().acknowledgedBy());
                events.add(event(LeadEvent.ACKNOWLEDGED, raised.get().acknowledgedAt().get(), change, after.get(), campaign,
                        Map.of("acknowledged", ack)));
            }
        }
        return events;
    }

    /** Whether this change made the lead hot (confirming hot, or a survey answer turning it hot). */
    public static boolean becameHot(StreamBatch.Change change) {
        Optional<Lead> after = change.newImage().flatMap(LeadImages::lead).map(LeadImage::lead);
        if (after.isEmpty() || after.get().status() != LeadStatus.CONFIRMED
                || after.get().qualification().temperature() != Survey.Temperature.HOT) {
            return false;
        }
        Optional<Lead> before = change.oldImage().flatMap(LeadImages::lead).map(LeadImage::lead);
        return before.isEmpty() || before.get().status() != LeadStatus.CONFIRMED
                || before.get().qualification().temperature() != Survey.Temperature.HOT;
    }

    /** {@code lead.suppressed} for one lead of a suppressed address (the address applies to every campaign). */
    public static LeadEvent suppressed(StreamBatch.Change change, Lead lead, Optional<Campaign> campaign, String reason) {
        return event(LeadEvent.SUPPRESSED, change.approximateTime(), change,
                new LeadImage(lead, Optional.empty(), Optional.empty()), campaign,
                Map.of("suppression", Map.of("reason", reason.isEmpty() ? "unknown" : reason.toLowerCase(java.util.Locale.ROOT))),
                lead.campaignId());
    }

    /**
     * {@code lead.erased}: the lead's id, campaign and last status and qualification, so a consumer
     * can find and erase its copy; no fields and no attribution, which went with the person.
     */
    static LeadEvent erased(StreamBatch.Change change, LeadImage image) {
        Lead lead = image.lead();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", LeadEvent.VERSION);
        detail.put("id", change.eventId() + ":" + LeadEvent.ERASED);
        detail.put("type", LeadEvent.ERASED);
        detail.put("time", change.approximateTime().toString());
        detail.put("sequence", change.sequenceNumber());
        detail.put("campaign", lead.campaignId());
        detail.put("leadId", lead.leadId());
        detail.put("status", lead.status().name().toLowerCase(java.util.Locale.ROOT));
        detail.put("qualification", qualification(lead.qualification()));
        detail.put("fields", Map.of());
        detail.put("attribution", Map.of());
        return new LeadEvent(LeadEvent.ERASED, change.approximateTime(), detail);
    }

    private static boolean qualificationChanged(Qualifier.Qualification was, Qualifier.Qualification is) {
        return was.temperature() != is.temperature() || was.stage() != is.stage();
    }

    private static LeadEvent event(String type, Instant time, StreamBatch.Change change, LeadImage image,
                                   Optional<Campaign> campaign, Map<String, Object> extra) {
        return event(type, time, change, image, campaign, extra, "");
    }

    private static LeadEvent event(String type, Instant time, StreamBatch.Change change, LeadImage image,
                                   Optional<Campaign> campaign, Map<String, Object> extra, String idSuffix) {
        Lead lead = image.lead();
        Instant at = time == null ? change.approximateTime() : time;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", LeadEvent.VERSION);
        detail.put("id", change.eventId() + ":" + type + (idSuffix.isEmpty() ? "" : ":" + idSuffix));
        detail.put("type", type);
        detail.put("time", at.toString());
        detail.put("sequence", change.sequenceNumber());
        detail.put("campaign", lead.campaignId());
        detail.put("leadId", lead.leadId());
        detail.put("status", lead.status().name().toLowerCase(java.util.Locale.ROOT));
        detail.put("qualification", qualification(lead.qualification()));
        detail.put("fields", shareable(lead, campaign));
        detail.put("attribution", new TreeMap<>(lead.attribution()));
        detail.putAll(extra);
        return new LeadEvent(type, at, detail);
    }

    static Map<String, Object> qualification(Qualifier.Qualification q) {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("interest", q.score(Survey.Axis.INTEREST));
        scores.put("budget", q.score(Survey.Axis.BUDGET));
        scores.put("fit", q.score(Survey.Axis.FIT));
        scores.put("total", q.total());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("temperature", q.temperature().lower());
        out.put("stage", q.stage().lower());
        out.put("scores", scores);
        out.put("tags", q.tags().stream().sorted().toList());
        return out;
    }

    /** Only fields the campaign marks {@code shareable}; a removed campaign shares none. */
    private static Map<String, Object> shareable(Lead lead, Optional<Campaign> campaign) {
        Map<String, Object> fields = new TreeMap<>();
        for (FieldSpec spec : campaign.map(Campaign::fields).orElse(List.of())) {
            String value = lead.fields().get(spec.name());
            if (spec.shareable() && value != null && !value.isEmpty()) {
                fields.put(spec.name(), value);
            }
        }
        return fields;
    }

    /** The lead asked to be contacted: how (and the address, which no other event carries). */
    private static Map<String, Object> handRaise(Lead lead, LeadImages.HandRaise raise) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", raise.at().toString());
        out.put("email", lead.email().value());
        new TreeMap<>(raise.request()).forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }
}
