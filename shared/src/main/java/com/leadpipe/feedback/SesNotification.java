package com.leadpipe.feedback;

import com.leadpipe.json.JsonTree;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an SES bounce, complaint or delivery event says, as far as suppression cares.
 *
 * <p>Configuration-set event publishing names the type {@code eventType}; identity feedback
 * notifications name it {@code notificationType}. Both are read, so the function works whichever
 * way SES is wired to the topic.
 *
 * @param kind         what to do about it
 * @param eventType    SES's own name for it (Bounce, Complaint, Delivery, Send, …), for logs
 * @param detail       bounce type and sub-type ("Permanent/General") or complaint feedback type,
 *                     for logs; empty if none
 * @param sesMessageId the SES message id of the mail the event is about
 * @param recipients   addresses as SES reports them, possibly with a display name
 * @param feedbackId   SES's id of this bounce or complaint; the mail's message id plus the type for
 *                     events that have none (deliveries), so it always identifies the event
 * @param at           when the bounce, complaint or delivery happened, if SES said
 */
public record SesNotification(Kind kind, String eventType, String detail, String sesMessageId,
                              List<String> recipients, String feedbackId, Optional<Instant> at) {

    public enum Kind {
        /** Hard bounce: the address does not exist or will never accept mail. */
        PERMANENT_BOUNCE,
        /** Soft bounce (mailbox full, greylisted…) or one SES could not classify. */
        TRANSIENT_BOUNCE,
        COMPLAINT,
        DELIVERY,
        /** Any other event type (send, open, …): nothing to do. */
        OTHER
    }

    public SesNotification {
        recipients = List.copyOf(recipients);
    }

    /** @throws IllegalArgumentException if the text is not an SES event */
    public static SesNotification parse(String json) {
        Object root = JsonTree.parse(json);
        if (!(root instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = JsonTree.string(root, "eventType");
        if (type == null) {
            type = JsonTree.string(root, "notificationType");
        }
        if (type == null) {
            throw new IllegalArgumentException("neither eventType nor notificationType");
        }
        Map<String, Object> mail = JsonTree.object(root, "mail");
        String messageId = JsonTree.string(mail, "messageId");
        if (messageId == null) {
            throw new IllegalArgumentException("no mail.messageId");
        }
        return switch (type) {
            case "Bounce" -> bounce(type, JsonTree.object(root, "bounce"), mail, messageId);
            case "Complaint" -> complaint(type, JsonTree.object(root, "complaint"), mail, messageId);
            case "Delivery" -> {
                Map<String, Object> delivery = JsonTree.object(root, "delivery");
                yield new SesNotification(Kind.DELIVERY, type, "", messageId, strings(delivery, "recipients"),
                        messageId + "#Delivery", at(delivery, mail));
            }
            default -> new SesNotification(Kind.OTHER, type, "", messageId, List.of(), messageId + "#" + type,
                    at(Map.of(), mail));
        };
    }

    private static SesNotification bounce(String type, Map<String, Object> bounce, Map<String, Object> mail,
                                          String messageId) {
        String bounceType = JsonTree.string(bounce, "bounceType");
        if (bounceType == null) {
            throw new IllegalArgumentException("bounce without bounceType");
        }
        // Only a permanent bounce proves the address is dead. "Undetermined" is counted, not
        // suppressed: a wrong suppression silently loses a subscriber.
        Kind kind = "Permanent".equals(bounceType) ? Kind.PERMANENT_BOUNCE : Kind.TRANSIENT_BOUNCE;
        String subType = JsonTree.string(bounce, "bounceSubType");
        return new SesNotification(kind, type, subType == null ? bounceType : bounceType + "/" + subType, messageId,
                addresses(bounce, "bouncedRecipients"), feedbackId(bounce, messageId, type), at(bounce, mail));
    }

    private static SesNotification complaint(String type, Map<String, Object> complaint, Map<String, Object> mail,
                                             String messageId) {
        List<String> recipients = addresses(complaint, "complainedRecipients");
        if (recipients.isEmpty()) {
            // Some mailbox providers redact the complainant. Every mail here has one recipient,
            // so the mail's destination is who complained; a complaint means stop at once.
            recipients = strings(mail, "destination");
        }
        String feedbackType = JsonTree.string(complaint, "complaintFeedbackType");
        return new SesNotification(Kind.COMPLAINT, type, feedbackType == null ? "" : feedbackType, messageId,
                recipients, feedbackId(complaint, messageId, type), at(complaint, mail));
    }

    private static List<String> addresses(Map<String, Object> event, String listName) {
        List<String> out = new ArrayList<>();
        for (Object recipient : JsonTree.array(event, listName)) {
            String address = JsonTree.string(recipient, "emailAddress");
            if (address != null) {
                out.add(address);
            }
        }
        return out;
    }

    private static List<String> strings(Map<String, Object> event, String listName) {
        return JsonTree.array(event, listName).stream().filter(String.class::isInstance).map(String.class::cast)
                .toList();
    }

    private static String feedbackId(Map<String, Object> event, String messageId, String type) {
        String id = JsonTree.string(event, "feedbackId");
        return id != null && !id.isBlank() ? id : messageId + "#" + type;
    }

    private static Optional<Instant> at(Map<String, Object> event, Map<String, Object> mail) {
        String timestamp = JsonTree.string(event, "timestamp");
        if (timestamp == null) {
            timestamp = JsonTree.string(mail, "timestamp");
        }
        try {
            return Optional.ofNullable(timestamp).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
