package com.leadpipe.events;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.handoff.HandoffNotice;
import com.leadpipe.handoff.HandoffNotifier;
import com.leadpipe.log.Log;
import com.leadpipe.mail.MailException;
import com.leadpipe.store.LeadImages;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table's change stream → typed lead events on the bus, then the hand-off notices they call
 * for. Records are handled in order; the first that fails stops the batch and is named, so the
 * stream retries from it and a lead's events never overtake each other. A retried record may
 * publish its events again: consumers de-duplicate by {@code detail.id}.
 */
public final class LeadEventPublisher {

    private final CampaignCatalog campaigns;
    private final LeadStore leads;
    private final EventBus bus;
    private final HandoffNotifier notifier;
    private final Log log;

    public LeadEventPublisher(CampaignCatalog campaigns, LeadStore leads, EventBus bus, HandoffNotifier notifier, Log log) {
        this.campaigns = campaigns;
        this.leads = leads;
        this.bus = bus;
        this.notifier = notifier;
        this.log = log;
    }

    /** @return the sequence number of the first record not done, for {@code batchItemFailures} */
    public Optional<String> publish(List<StreamBatch.Change> changes) {
        for (StreamBatch.Change change : changes) {
            try {
                handle(change);
            } catch (MailException | RuntimeException e) {
                log.warn("events.record_failed", "sequence", change.sequenceNumber(), "reason", e.getClass().getSimpleName());
                return Optional.of(change.sequenceNumber());
            }
        }
        return Optional.empty();
    }

    private void handle(StreamBatch.Change change) throws MailException {
        List<LeadEvent> events = new ArrayList<>(LeadEvents.of(change, campaigns::find));
        events.addAll(suppressions(change));
        if (!events.isEmpty()) {
            List<Integer> refused = bus.publish(events);
            if (!refused.isEmpty()) {
                throw new IllegalStateException("the bus refused " + refused.size() + " of " + events.size() + " events");
            }
            for (LeadEvent e : events) {
                log.info("events.published", "type", e.type(), "campaign", e.campaign(), "lead", e.detail().get("leadId"));
            }
        }
        Optional<LeadImages.LeadImage> image = change.newImage().flatMap(LeadImages::lead);
        Optional<Campaign> campaign = image.flatMap(i -> campaigns.find(i.lead().campaignId()));
        if (image.isEmpty() || campaign.isEmpty()) {
            return;
        }
        if (events.stream().anyMatch(e -> e.type().equals(LeadEvent.HAND_RAISED))) {
            notifier.notify(HandoffNotice.Kind.HAND_RAISED, campaign.get(), image.get(), change.eventId());
        } else if (LeadEvents.becameHot(change)) {
            notifier.notify(HandoffNotice.Kind.HOT, campaign.get(), image.get(), change.eventId());
        }
    }

    /**
     * A newly suppressed address (shared by every campaign): one event per campaign it is a
     * confirmed lead of, each also counted once in that campaign's funnel.
     */
    private List<LeadEvent> suppressions(StreamBatch.Change change) {
        Optional<LeadImages.AddressImage> after = change.newImage().flatMap(LeadImages::address);
        boolean was = change.oldImage().flatMap(LeadImages::address).map(LeadImages.AddressImage::suppressed).orElse(false);
        if (after.isEmpty() || !after.get().suppressed() || was) {
            return List.of();
        }
        List<LeadEvent> events = new ArrayList<>();
        for (String id : campaigns.ids()) { // a GetItem per campaign file: bounded, never a Scan
            Optional<Lead> lead = leads.findLead(id, after.get().addressKey());
            if (lead.isPresent() && lead.get().status() == LeadStatus.CONFIRMED) {
                events.add(LeadEvents.suppressed(change, lead.get(), campaigns.find(id), after.get().reason()));
                // The funnel's bounced/complained step; before the events go out, so a retried record
                // publishes again but never counts again.
                leads.countSuppressed(lead.get(), change.approximateTime());
            }
        }
        return events;
    }
}
