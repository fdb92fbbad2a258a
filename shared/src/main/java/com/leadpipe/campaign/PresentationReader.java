package com.leadpipe.campaign;

import static com.leadpipe.campaign.CampaignReader.text;
import static com.leadpipe.campaign.CampaignReader.texts;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a campaign shows people, apart from its flow: the sender's identity, the brand and
 * the landing page, with their defaults. Part of {@link CampaignReader}; like it, never validates.
 */
final class PresentationReader {

    private PresentationReader() {
    }

    static Campaign.Sender sender(Map<?, ?> node) {
        return new Campaign.Sender(text(node, "name"), text(node, "postalAddress", ""),
                Optional.ofNullable(text(node, "replyTo")),
                Optional.ofNullable(text(node, "unsubscribeMailto")));
    }

    static Campaign.Brand brand(Map<?, ?> node) {
        return new Campaign.Brand(Optional.ofNullable(text(node, "logoUrl")),
                text(node, "accentColor", Campaign.Brand.DEFAULT_ACCENT).toLowerCase(Locale.ROOT),
                text(node, "fontStack", Campaign.Brand.DEFAULT_FONTS));
    }

    static Campaign.Page page(Map<?, ?> page) {
        String copy = text(page, "copy", "");
        return new Campaign.Page(text(page, "headline"), copy, texts(page, "bullets"),
                Optional.ofNullable(text(page, "imageUrl")), text(page, "imageAlt", ""),
                text(page, "submitLabel", "Subscribe"),
                text(page, "description", summary(copy)),
                text(page, "trustLine", "No spam. Unsubscribe with one click, any time."));
    }

    /** The copy as a search-result snippet: at most 160 characters, cut at a word. */
    static String summary(String copy) {
        String flat = copy.strip().replaceAll("\\s+", " ");
        if (flat.length() <= 160) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', 157);
        return flat.substring(0, cut > 80 ? cut : 157) + "…";
    }
}
