package com.leadpipe.campaign;

import com.leadpipe.captcha.CaptchaProvider;
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
        Sender sender,
        Brand brand,
        Consent consent,
        Page page,
        List<FieldSpec> fields,
        Confirmation confirmation,
        PageCopy thanks,
        PageCopy confirmed,
        Embed embed,
        Optional<Survey> survey,
        Optional<Sequence> sequence,
        Optional<Handoff> handoff,
        Optional<Captcha> captcha) {

    public Campaign {
        fields = List.copyOf(fields);
    }

    /** Display name in the From header and page footers. */
    public String senderName() {
        return sender.name();
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * Who sends the campaign's mail and stands behind its pages.
     *
     * @param postalAddress the physical address in every footer (CAN-SPAM)
     * @param replyTo where replies go, when not to the From address
     * @param unsubscribeMailto a mailbox offered beside the https link in {@code List-Unsubscribe}
     */
    public record Sender(String name, String postalAddress, Optional<String> replyTo,
                         Optional<String> unsubscribeMailto) {
    }

    /**
     * How pages and mail look.
     *
     * @param accentColor {@code #rrggbb}, at least 4.5:1 against white (the build checks it)
     * @param fontStack a CSS font-family list, single-quoted names only (safe in style attributes)
     */
    public record Brand(Optional<String> logoUrl, String accentColor, String fontStack) {
        public static final String DEFAULT_ACCENT = "#4338ca";
        public static final String DEFAULT_FONTS =
                "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

        public static Brand standard() {
            return new Brand(Optional.empty(), DEFAULT_ACCENT, DEFAULT_FONTS);
        }
    }

    /**
     * What the subscriber agreed to; the version is recorded with every consent event.
     *
     * @param privacyUrl the privacy policy linked after the text (required with fields beyond email)
     */
    public record Consent(String version, String text, Optional<String> privacyUrl) {
    }

    /**
     * Squeeze-page copy.
     *
     * @param imageAlt empty for a decorative image
     * @param description the meta and Open Graph description
     * @param trustLine the reassurance under the button
     */
    public record Page(String headline, String copy, List<String> bullets, Optional<String> imageUrl, String imageAlt,
                       String submitLabel, String description, String trustLine) {
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

    /**
     * A captcha on the signup form, verified server-side before anything is stored.
     *
     * @param siteKey the provider's public site key (the secret is the stack's, never in the file)
     * @param failOpen {@code ifProviderDown: open}: accept signups when the provider cannot be
     *                 reached; the default ({@code closed}) answers 503 and stores nothing
     */
    public record Captcha(CaptchaProvider provider, String siteKey, boolean failOpen) {
    }

    /** Headline and copy of a simple page (thanks, confirmed). */
    public record PageCopy(String headline, String copy) {
    }
}
