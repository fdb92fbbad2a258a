package com.leadpipe.handoff;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.log.Log;
import com.leadpipe.mail.MailException;
import com.leadpipe.store.HandoffStore;
import com.leadpipe.store.HandoffStore.ReminderDue;
import com.leadpipe.store.LeadImages.LeadImage;
import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.store.Records.LeadStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The every-minute sweep of the sparse remind-index: a raised hand nobody acknowledged within the
 * campaign's {@code handoff.acknowledgeWithin} gets one reminder to the notify list. The lead leaves
 * the index before the mail goes (overlapping sweeps send one); SES refusing puts it back a little later.
 */
public final class HandoffReminders {

    static final int MAX_PER_SHARD = 50;
    static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private final HandoffStore store;
    private final CampaignCatalog campaigns;
    private final HandoffNotifier notifier;
    private final Clock clock;
    private final Log log;

    public HandoffReminders(HandoffStore store, CampaignCatalog campaigns, HandoffNotifier notifier, Clock clock, Log log) {
        this.store = store;
        this.campaigns = campaigns;
        this.notifier = notifier;
        this.clock = clock;
        this.log = log;
    }

    /** @return how many reminders went out */
    public int sweep() {
        int sent = 0;
        Instant now = clock.instant();
        for (int shard = 0; shard < LeadpipeTable.DUE_SHARDS; shard++) {
            for (ReminderDue due : store.dueReminders("REMIND#" + shard, now, MAX_PER_SHARD)) {
                if (store.claimReminder(due, now) && remind(due, now)) {
                    sent++;
                }
            }
        }
        if (sent > 0) {
            log.info("handoff.reminders", "sent", sent);
        }
        return sent;
    }

    private boolean remind(ReminderDue due, Instant now) {
        Optional<LeadImage> image = store.findLead(due.campaignId(), due.addressKey());
        Optional<Campaign> campaign = campaigns.find(due.campaignId());
        if (image.isEmpty() || campaign.isEmpty() || image.get().lead().status() != LeadStatus.CONFIRMED
                || image.get().handRaise().flatMap(h -> h.acknowledgedAt()).isPresent()) {
            return false; // gone, unsubscribed or acknowledged meanwhile: nobody needs reminding
        }
        try {
            notifier.notify(HandoffNotice.Kind.REMINDER, campaign.get(), image.get(), due.remindAt().toString());
            return true;
        } catch (MailException e) {
            store.deferReminder(due, now.plus(RETRY_AFTER));
            return false;
        }
    }
}
