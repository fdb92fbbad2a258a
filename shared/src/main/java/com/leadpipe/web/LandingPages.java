package com.leadpipe.web;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.subscribe.SignupForm;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Squeeze pages, rendered once per campaign and base path and kept: the page is the same for
 * every visit but for its attribution inputs (UTM parameters, referrer), so a visit renders only
 * those into the kept page. The landing page is a funnel's most-served answer and the first one a
 * visitor waits for. SnapStart priming renders each campaign's, so the snapshot holds them.
 */
final class LandingPages {

    /** Where a kept page takes a visit's attribution inputs: campaign text is HTML-escaped on the page, so none contains it. */
    static final String SLOT = "<!--leadpipe:attribution-->";
    /** Base paths are the API's stages, a handful: past this many pages, more are rendered, not kept. */
    static final int MAX_PAGES = 64;

    /** A page in two halves around {@link #SLOT}; halves null when the page cannot be kept. */
    private record Kept(Campaign campaign, String before, String after, Map<String, String> headers) {
    }

    private final Map<String, Kept> pages = new ConcurrentHashMap<>();

    /** The same answer as {@link CampaignPages#form} with {@code attribution} as values and no errors. */
    HttpResponse landing(Campaign campaign, String basePath, Map<String, String> attribution) {
        Kept page = kept(campaign, basePath);
        if (page == null || page.before() == null) {
            return CampaignPages.form(campaign, basePath, 200, attribution, Map.of());
        }
        return new HttpResponse(200, page.headers(), page.before() + Pages.attributionInputs(attribution) + page.after());
    }

    int size() {
        return pages.size();
    }

    private Kept kept(Campaign campaign, String basePath) {
        String key = campaign.id() + "\n" + basePath;
        Kept page = pages.get(key);
        // Identity: another catalog's campaign of the same id (a test's) gets a page of its own.
        if (page != null && page.campaign() == campaign) {
            return page;
        }
        if (page == null && pages.size() >= MAX_PAGES) {
            return null;
        }
        page = render(campaign, basePath);
        pages.put(key, page);
        return page;
    }

    private static Kept render(Campaign campaign, String basePath) {
        // A form field named like an attribution parameter would show the visit's value: no page to keep.
        if (campaign.fields().stream().anyMatch(f -> SignupForm.ATTRIBUTION.contains(f.name()))) {
            return new Kept(campaign, null, null, Map.of());
        }
        HttpResponse page = CampaignPages.form(campaign, basePath, 200, Map.of(), Map.of(), SLOT);
        String html = page.body();
        int at = html.indexOf(SLOT);
        if (at < 0 || html.indexOf(SLOT, at + 1) >= 0) {
            throw new IllegalStateException("the form template must hold the attribution inputs exactly once");
        }
        return new Kept(campaign, html.substring(0, at), html.substring(at + SLOT.length()), page.headers());
    }
}
