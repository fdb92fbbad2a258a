package com.leadpipe.campaign;

import com.leadpipe.template.MailParts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One campaign, as its file in {@code campaigns/} describes it, with its mail templates compiled.
 * Immutable; read by {@link CampaignReader} from a file the build has checked (CampaignLint).
 */
public record Campaign(
        String id,
        String title,
        String senderName,
        Consent consent,
        Page page,
        List<FieldSpec> fields,
        Confirmation confirmation,
        PageCopy thanks,
        PageCopy confirmed,
        Embed embed,
        Optional<Survey> survey,
        Optional<Sequence> sequence,
        Optional<Handoff> handoff) {

    public Campaign {
        fields = List.copyOf(fields);
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** What the subscriber agreed to; the version is recorded with every consent event. */
    public record Consent(String version, String text) {
    }

    /** Squeeze-page copy. */
    public record Page(String headline, String copy, List<String> bullets, Optional<String> imageUrl,
                       String submitLabel) {
        public Page {
            bullets = List.copyOf(bullets);
        }
    }

    /** The double opt-in email: compiled templates, whose bodies hold {{confirmUrl}}. */
    public record Confirmation(Duration linkLifetime, MailParts mail) {
    }

    /**
     * Where the campaign may be used from other sites.
     *
     * @param allowedOrigins sites whose scripts may post signups (CORS), e.g. https://www.example.com
     * @param frameAncestors sites that may show the pages in an iframe (CSP frame-ancestors)
     */
    public record Embed(List<String> allowedOrigins, List<String> frameAncestors) {
        public Embed {
            allowedOrigins = List.copyOf(allowedOrigins);
            frameAncestors = List.copyOf(frameAncestors);
        }

        public static Embed none() {
            return new Embed(List.of(), List.of());
        }
    }

    /** How a lead reaches sales: a preferred way to be contacted, shown as radio buttons. */
    public enum Channel {
        EMAIL("Email"), PHONE("Phone call"), VIDEO("Video call");

        private final String label;

        Channel(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The hand-raise ("talk to us") step: the form behind {@code {{handRaiseUrl}}}, the tag a lead
     * gets for raising its hand, and who inside hears of it.
     *
     * @param channels the ways to be reached the form offers, in order
     * @param askPhone whether the form has an (optional) phone number field
     * @param askBestTime whether it asks for a best time to call
     * @param askMessage whether it has a free-text message
     * @param notifyAddresses ({@code notify:} in the file) internal addresses told of every raised hand; never the lead
     * @param notifyOnHot whether they are also told when a lead becomes hot
     * @param acknowledgeWithin a raised hand nobody acknowledged ("I've got this") in this time reminds them, once
     */
    public record Handoff(String headline, String copy, String submitLabel, PageCopy thanks, List<Channel> channels,
                          boolean askPhone, boolean askBestTime, boolean askMessage, String tag, List<String> notifyAddresses,
                          boolean notifyOnHot, Optional<java.time.Duration> acknowledgeWithin) {
        public Handoff {
            channels = List.copyOf(channels);
            notifyAddresses = List.copyOf(notifyAddresses);
        }
    }

    /** Headline and copy of a simple page (thanks, confirmed). */
    public record PageCopy(String headline, String copy) {
    }
}
