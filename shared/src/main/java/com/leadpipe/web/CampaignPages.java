package com.leadpipe.web;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pages a campaign shows around its form, shared by the pages and confirm functions. */
public final class CampaignPages {

    private CampaignPages() {
    }

    public static String landingPath(String basePath, String campaignId) {
        return basePath + "/c/" + campaignId;
    }

    public static HttpResponse landing(Campaign campaign, String basePath) {
        return HttpResponse.html(200, Pages.form(campaign, landingPath(basePath, campaign.id()) + "/subscribe",
                Map.of(), Map.of()));
    }

    public static HttpResponse thanks(Campaign campaign) {
        return HttpResponse.html(200, Pages.message(campaign.thanks().headline(), campaign.thanks().headline(),
                List.of(campaign.thanks().copy()), Optional.empty(), ""));
    }

    public static HttpResponse confirmed(Campaign campaign, boolean already) {
        String headline = already ? "You're already confirmed" : campaign.confirmed().headline();
        List<String> copy = already
                ? List.of("This subscription was confirmed before; there is nothing more to do.")
                : List.of(campaign.confirmed().copy());
        return HttpResponse.html(200, Pages.message(headline, headline, copy, Optional.empty(), ""));
    }

    /** An expired or unknown link: say so plainly and offer the way back to the signup form. */
    public static HttpResponse linkExpired(Optional<Campaign> campaign, String basePath) {
        return HttpResponse.html(410, Pages.message("This link has expired", "This link has expired",
                List.of("Confirmation links work for a limited time, and this one is no longer valid.",
                        campaign.isPresent() ? "You can sign up again; it only takes a moment." : ""),
                campaign.map(c -> landingPath(basePath, c.id())), "Sign up again"));
    }

    public static HttpResponse linkInvalid(Optional<Campaign> campaign, String basePath) {
        return HttpResponse.html(400, Pages.message("This link is not valid", "This link is not valid",
                List.of("The link may have been cut short or changed on its way. Try copying the whole link "
                        + "from the email into your browser.",
                        campaign.isPresent() ? "Or sign up again to get a fresh link." : ""),
                campaign.map(c -> landingPath(basePath, c.id())), "Sign up again"));
    }
}
