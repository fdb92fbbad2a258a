package com.leadpipe.feedback;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.store.SuppressionStore;
import com.leadpipe.store.SuppressionStore.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns an SES event into suppression state. A permanent bounce or a complaint suppresses the
 * address for every campaign (later signups answer as usual and send nothing); soft bounces are
 * counted; deliveries are only logged (SES's CloudWatch metrics count them too).
 *
 * <p>Logs name addresses by the first 12 characters of their key, never by the address.
 */
public final class FeedbackService {

    /** What one event changed; redeliveries show up as duplicates. */
    public record Outcome(int suppressed, int softBouncesCounted, int duplicates, int unusableRecipients) {
    }

    private final SuppressionStore store;
    private final Clock clock;
    private final Log log;

    public FeedbackService(SuppressionStore store, Clock clock, Log log) {
        this.store = store;
        this.clock = clock;
        this.log = log;
    }

    /** @throws StoreException if the table can't be written; the caller should let the event be retried */
    public Outcome apply(SesNotification event) {
        Instant at = event.at().orElseGet(clock::instant);
        return switch (event.kind()) {
            case PERMANENT_BOUNCE -> suppress(event, Reason.BOUNCE, at);
            case COMPLAINT -> suppress(event, Reason.COMPLAINT, at);
            case TRANSIENT_BOUNCE -> count(event, at);
            case DELIVERY -> {
                log.info("feedback.delivery", "sesMessageId", event.sesMessageId(),
                        "recipients", event.recipients().size());
                yield new Outcome(0, 0, 0, 0);
            }
            case OTHER -> {
                log.info("feedback.ignored", "eventType", event.eventType(), "sesMessageId", event.sesMessageId());
                yield new Outcome(0, 0, 0, 0);
            }
        };
    }

    private Outcome suppress(SesNotification event, Reason reason, Instant at) {
        int suppressed = 0;
        int duplicates = 0;
        int unusable = 0;
        for (String recipient : event.recipients()) {
            Optional<String> key = addressKey(recipient);
            if (key.isEmpty()) {
                unusable++;
                continue;
            }
            boolean changed = store.suppress(key.get(), reason, at, event.feedbackId());
            log.info(changed ? "feedback.suppressed" : "feedback.duplicate", "reason",
                    reason.name().toLowerCase(java.util.Locale.ROOT), "address", key.get().substring(0, 12),
                    "detail", event.detail(), "sesMessageId", event.sesMessageId());
            if (changed) {
                // An address is shared by every campaign: the metric's campaign is "all".
                log.metric(reason == Reason.COMPLAINT ? "Complaints" : "Bounces", "all");
                suppressed++;
            } else {
                duplicates++;
            }
        }
        return done(event, new Outcome(suppressed, 0, duplicates, unusable));
    }

    private Outcome count(SesNotification event, Instant at) {
        int counted = 0;
        int duplicates = 0;
        int unusable = 0;
        for (String recipient : event.recipients()) {
            Optional<String> key = addressKey(recipient);
            if (key.isEmpty()) {
                unusable++;
                continue;
            }
            OptionalLong total = store.countTransientBounce(key.get(), at, event.feedbackId());
            if (total.isPresent()) {
                counted++;
                log.info("feedback.soft_bounce", "address", key.get().substring(0, 12), "detail", event.detail(),
                        "softBounces", total.getAsLong(), "sesMessageId", event.sesMessageId());
            } else {
                duplicates++;
                log.info("feedback.duplicate", "reason", "soft_bounce", "address", key.get().substring(0, 12),
                        "sesMessageId", event.sesMessageId());
            }
        }
        return done(event, new Outcome(0, counted, duplicates, unusable));
    }

    private Outcome done(SesNotification event, Outcome outcome) {
        if (outcome.unusableRecipients() > 0 || event.recipients().isEmpty()) {
            // Nothing to key on: an address no signup could have used, or none at all.
            log.warn("feedback.unusable_recipients", "eventType", event.eventType(), "sesMessageId",
                    event.sesMessageId(), "unusable", outcome.unusableRecipients(), "recipients",
                    event.recipients().size());
        }
        return outcome;
    }

    /**
     * The key signups use for the address. SES may report {@code "Ada <ada@example.com>"}; the
     * address inside the angle brackets counts.
     */
    static Optional<String> addressKey(String recipient) {
        if (recipient == null) {
            return Optional.empty();
        }
        String address = recipient;
        int open = recipient.lastIndexOf('<');
        int close = recipient.lastIndexOf('>');
        if (open >= 0 && close > open) {
            address = recipient.substring(open + 1, close);
        }
        return EmailAddress.tryParse(address).map(EmailAddress::key);
    }
}
