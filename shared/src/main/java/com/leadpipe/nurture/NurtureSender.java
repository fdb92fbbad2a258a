package com.leadpipe.nurture;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.Sequence;
import com.leadpipe.log.Log;
import com.leadpipe.mail.MailException;
import com.leadpipe.mail.MailSender;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.NurtureStore;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.SubscriberState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a due lead its next nurture step. Right before sending it checks again that the lead is
 * still confirmed, not unsubscribed, not suppressed, and that the step's condition holds. Each
 * step goes out at most once per lead, even when the queue delivers a message twice.
 */
public final class NurtureSender {

    public enum Outcome { SENT, WAITING, FINISHED, STOPPED, DUPLICATE }

    /** A sender that stopped mid-send (crash, timeout) loses its claim on a step after this long. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);

    private final CampaignCatalog campaigns;
    private final LeadStore leads;
    private final NurtureStore nurture;
    private final NurtureMail mails;
    private final MailSender mail;
    private final Clock clock;
    private final Log log;

    public NurtureSender(CampaignCatalog campaigns, LeadStore leads, NurtureStore nurture, NurtureMail mails,
                         MailSender mail, Clock clock, Log log) {
        this.campaigns = campaigns;
        this.leads = leads;
        this.nurture = nurture;
        this.mails = mails;
        this.mail = mail;
        this.clock = clock;
        this.log = log;
    }

    /** @throws MailException when SES refuses or throttles: the message goes back to the queue */
    public Outcome send(String campaignId, String addressKey) throws MailException {
        Instant now = clock.instant();
        Optional<Sequence> sequence = campaigns.find(campaignId).flatMap(Campaign::sequence);
        SubscriberState state = leads.load(campaignId, addressKey);
        if (state.lead().isEmpty()) {
            return Outcome.STOPPED;
        }
        Lead lead = state.lead().get();
        if (sequence.isEmpty() || lead.status() != LeadStatus.CONFIRMED || state.address().suppressed()) {
            nurture.reschedule(campaignId, addressKey, Optional.empty());
            log.info("nurture.stopped", "campaign", campaignId, "lead", lead.leadId(), "status", lead.status().name(),
                    "suppressed", state.address().suppressed());
            return Outcome.STOPPED;
        }
        Set<String> done = new HashSet<>(lead.nurture().done());
        Optional<Instant> lastSent = lead.nurture().lastSentAt();
        for (int i = 0; i <= sequence.get().steps().size(); i++) {
            NurturePlanner.Decision decision = NurturePlanner.next(sequence.get(), done, lead.confirmedAt(), lastSent,
                    lead.qualification(), now);
            switch (decision) {
                case NurturePlanner.Finished f -> {
                    nurture.reschedule(campaignId, addressKey, Optional.empty());
                    return Outcome.FINISHED;
                }
                case NurturePlanner.Wait w -> {
                    nurture.reschedule(campaignId, addressKey, Optional.of(w.until()));
                    return Outcome.WAITING;
                }
                case NurturePlanner.Skip s -> {
                    done.add(s.step().id());
                    nurture.skip(campaignId, addressKey, s.step().id(), Optional.of(now));
                    log.info("nurture.skipped", "campaign", campaignId, "lead", lead.leadId(), "step", s.step().id());
                }
                case NurturePlanner.Send s -> {
                    return sendStep(campaignId, lead, s.step(), done, now);
                }
            }
        }
        return Outcome.WAITING;
    }

    private Outcome sendStep(String campaignId, Lead lead, Sequence.Step step, Set<String> done, Instant now)
            throws MailException {
        if (!nurture.claimSend(campaignId, lead.addressKey(), step.id(), now, now.minus(STALE_CLAIM))) {
            log.info("nurture.duplicate", "campaign", campaignId, "lead", lead.leadId(), "step", step.id());
            return Outcome.DUPLICATE;
        }
        String messageId;
        try {
            messageId = mail.send(mails.render(campaigns.find(campaignId).orElseThrow(), lead, step, now));
        } catch (MailException e) {
            nurture.releaseSend(campaignId, lead.addressKey(), step.id());
            throw e;
        }
        Set<String> after = new HashSet<>(done);
        after.add(step.id());
        NurturePlanner.Decision next = NurturePlanner.next(campaigns.find(campaignId).flatMap(Campaign::sequence)
                .orElseThrow(), after, lead.confirmedAt(), Optional.of(now), lead.qualification(), now);
        Optional<Instant> nextDue = switch (next) {
            case NurturePlanner.Finished f -> Optional.empty();
            case NurturePlanner.Wait w -> Optional.of(w.until());
            default -> Optional.of(now);
        };
        nurture.completeSend(campaignId, lead.addressKey(), step.id(), now, messageId, nextDue);
        log.info("nurture.sent", "campaign", campaignId, "lead", lead.leadId(), "step", step.id(), "messageId", messageId);
        return Outcome.SENT;
    }
}
