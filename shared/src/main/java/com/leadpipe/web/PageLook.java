package com.leadpipe.web;

import com.leadpipe.campaign.Campaign;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The brand and sender identity a page (or mail) is dressed in: header logo or wordmark, accent
 * colour, fonts and the footer's sender name, postal address and privacy link. Pages outside any
 * campaign (a mangled link, a server error) get {@link #neutral()}: the default colours, no header.
 */
public record PageLook(String brandName, Optional<String> logoUrl, String accent, String fontStack,
                       String postalAddress, Optional<String> privacyUrl) {

    public static PageLook of(Campaign campaign) {
        Campaign.Brand brand = campaign.brand();
        return new PageLook(campaign.senderName(), brand.logoUrl(), brand.accentColor(), brand.fontStack(),
                campaign.sender().postalAddress(), campaign.consent().privacyUrl());
    }

    public static PageLook of(Optional<Campaign> campaign) {
        return campaign.map(PageLook::of).orElseGet(PageLook::neutral);
    }

    public static PageLook neutral() {
        Campaign.Brand brand = Campaign.Brand.standard();
        return new PageLook("", Optional.empty(), brand.accentColor(), brand.fontStack(), "", Optional.empty());
    }

    /** Models by look: a handful (one per campaign, and the neutral one), each worked out once. */
    private static final Map<PageLook, Map<String, Object>> MODELS = new ConcurrentHashMap<>();

    /**
     * The values the layouts use, read-only: every page and mail needs them, and working them out
     * takes two regular expressions and twelve formatted numbers. Colours and fonts go into CSS
     * unescaped (a style element does not decode entities), so they are reduced here to the
     * characters the campaign schema allows.
     */
    public Map<String, Object> model() {
        return MODELS.computeIfAbsent(this, PageLook::workOutModel);
    }

    private Map<String, Object> workOutModel() {
        String hex = accent.matches("#[0-9a-fA-F]{6}") ? accent.toLowerCase(Locale.ROOT) : Campaign.Brand.DEFAULT_ACCENT;
        Map<String, Object> m = new HashMap<>();
        m.put("brandName", brandName);
        m.put("logoUrl", logoUrl.orElse(""));
        m.put("accent", hex);
        m.put("accentSoft", mixWithWhite(hex, 0.08));
        m.put("accentTint", mixWithWhite(hex, 0.18));
        m.put("accentDark", mixWithBlack(hex, 0.25));
        m.put("accentLight", mixWithWhite(hex, 0.55));
        m.put("fontStack", fontStack.replaceAll("[^A-Za-z0-9 ,'-]", ""));
        m.put("postalAddress", postalAddress);
        m.put("privacyUrl", privacyUrl.orElse(""));
        return Map.copyOf(m);
    }

    /** {@code share} of the colour over white, as #rrggbb: tints for backgrounds. */
    static String mixWithWhite(String hex, double share) {
        return mix(hex, 255, share);
    }

    static String mixWithBlack(String hex, double share) {
        return mix(hex, 0, 1 - share);
    }

    private static String mix(String hex, int other, double share) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        StringBuilder out = new StringBuilder("#");
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = (rgb >> shift) & 0xff;
            out.append(String.format(Locale.ROOT, "%02x", (int) Math.round(c * share + other * (1 - share))));
        }
        return out.toString();
    }
}
