package com.leadpipe.web;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.Survey;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.subscribe.SignupForm;
import com.leadpipe.token.Tokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pages a campaign shows around its form, shared by the pages, submit, confirm and survey functions. */
public final class CampaignPages {

    /** Kept landing pages of this container's campaigns. */
    private static final LandingPages LANDING = new LandingPages();

    private CampaignPages() {
    }

    public static String landingPath(String basePath, String campaignId) {
        return basePath + "/c/" + campaignId;
    }

    public static String surveyPath(String basePath, String campaignId, String token) {
        return landingPath(basePath, campaignId) + "/survey?t=" + token;
    }

    /** A page of this campaign: may be framed only by the campaign's listed sites. */
    public static HttpResponse page(Campaign campaign, int status, String html) {
        return HttpResponse.page(status, html, campaign.embed().frameAncestors(), Optional.empty());
    }

    /** The squeeze page; UTM parameters of its URL and its referrer go into the form as attribution. */
    public static HttpResponse landing(Campaign campaign, HttpRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : SignupForm.ATTRIBUTION) {
            String value = request.query().get(name);
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        }
        request.header("referer").filter(r -> !r.contains("://" + request.host() + "/"))
                .ifPresent(r -> values.putIfAbsent("referrer", r));
        return LANDING.landing(campaign, request.basePath(), values);
    }

    /** The form, fresh or shown again with the visitor's values and messages by field. */
    public static HttpResponse form(Campaign campaign, String basePath, int status, Map<String, String> values,
                                    Map<String, String> errors) {
        return form(campaign, basePath, status, values, errors, Pages.attributionInputs(values));
    }

    static HttpResponse form(Campaign campaign, String basePath, int status, Map<String, String> values,
                             Map<String, String> errors, String attributionInputs) {
        String html = Pages.form(campaign, landingPath(basePath, campaign.id()) + "/subscribe", values, errors,
                attributionInputs);
        // Only the form's page loads the captcha widget, so only it allows the provider's origins.
        return HttpResponse.page(status, html, campaign.embed().frameAncestors(), Optional.empty(),
                campaign.captcha().map(c -> c.provider().cspSources()).orElse(Map.of()));
    }

    /** "Check your inbox", with a link to the survey when the campaign has one. */
    public static HttpResponse thanks(Campaign campaign, String basePath, Optional<String> surveyToken) {
        Optional<String> link = surveyLink(campaign, basePath, surveyToken);
        List<String> copy = link.isPresent()
                ? List.of(campaign.thanks().copy(), "While you wait: " + surveyInvitation(campaign))
                : List.of(campaign.thanks().copy());
        return page(campaign, 200, Pages.message(PageLook.of(campaign), campaign.thanks().headline(),
                campaign.thanks().headline(), copy, link, "Answer the questions", Optional.empty()));
    }

    public static HttpResponse confirmed(Campaign campaign, String basePath, boolean already,
                                         Optional<String> surveyToken) {
        return confirmed(campaign, basePath, already, surveyToken, Optional.empty());
    }

    /** @param handRaiseToken {@code ?h=}: adds the hand-raise link ("talk to us") when the campaign has a hand-off */
    public static HttpResponse confirmed(Campaign campaign, String basePath, boolean already,
                                         Optional<String> surveyToken, Optional<String> handRaiseToken) {
        String headline = already ? "You're already confirmed" : campaign.confirmed().headline();
        Optional<String> link = surveyLink(campaign, basePath, surveyToken);
        List<String> copy = already
                ? List.of("This subscription was confirmed before; there is nothing more to do.")
                : link.isPresent()
                        ? List.of(campaign.confirmed().copy(), "One more thing: " + surveyInvitation(campaign))
                        : List.of(campaign.confirmed().copy());
        Optional<String> talk = already ? Optional.empty() : handRaiseLink(campaign, basePath, handRaiseToken);
        return page(campaign, 200, Pages.message(PageLook.of(campaign), headline, headline, copy, link,
                "Answer the questions", talk.map(url -> Map.entry(url, campaign.handoff().orElseThrow().headline()))));
    }

    /** {@code ?s=…&h=…} for the tokens present; empty when none is. */
    public static String query(Optional<String> surveyToken, Optional<String> handRaiseToken) {
        String s = surveyToken.map(t -> "s=" + t).orElse("");
        String h = handRaiseToken.map(t -> "h=" + t).orElse("");
        String both = s.isEmpty() || h.isEmpty() ? s + h : s + "&" + h;
        return both.isEmpty() ? "" : "?" + both;
    }

    /** Like the survey link: only token-shaped values of this campaign, never a link injector. */
    public static Optional<String> handRaiseLink(Campaign campaign, String basePath, Optional<String> token) {
        return campaign.handoff().flatMap(h -> token.flatMap(Tokens::parse))
                .filter(t -> t.campaignId().equals(campaign.id()))
                .map(t -> HandRaiseLinks.url(basePath, campaign.id(), t.value()));
    }

    private static Optional<String> surveyLink(Campaign campaign, String basePath, Optional<String> token) {
        // Only token-shaped values of this campaign: the page must not become a link injector.
        return campaign.survey().flatMap(s -> token.flatMap(Tokens::parse))
                .filter(t -> t.campaignId().equals(campaign.id()))
                .map(t -> surveyPath(basePath, campaign.id(), t.value()));
    }

    /** "five short questions help us…": counted from the survey itself, so the pages never count differently. */
    private static String surveyInvitation(Campaign campaign) {
        int n = campaign.survey().map(s -> s.questions().size()).orElse(0);
        String count = n <= 10 ? List.of("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten").get(n) : String.valueOf(n);
        return count + (n == 1 ? " short question helps" : " short questions help") + " us send you only what fits.";
    }

    public static HttpResponse survey(Campaign campaign, Survey survey, String basePath, int status, String token,
                                      Map<String, List<String>> answers, Map<String, String> errors, boolean saved) {
        return survey(campaign, survey, basePath, status, token, answers, errors, saved, Optional.empty());
    }

    /** @param talkUrl the hand-raise link shown with the "saved" note */
    public static HttpResponse survey(Campaign campaign, Survey survey, String basePath, int status, String token,
                                      Map<String, List<String>> answers, Map<String, String> errors, boolean saved,
                                      Optional<String> talkUrl) {
        Optional<Campaign.Handoff> handoff = campaign.handoff();
        return page(campaign, status, SurveyPage.render(PageLook.of(campaign), survey,
                landingPath(basePath, campaign.id()) + "/survey", token, answers, errors, saved,
                talkUrl.flatMap(url -> handoff.map(h -> Map.entry(url, h.headline()))),
                handoff.map(Campaign.Handoff::copy).orElse("")));
    }

    /** A short page in the campaign's look (handlers' own outcomes: unsubscribed, thank you, gone). */
    public static HttpResponse message(Campaign campaign, int status, String headline, List<String> paragraphs,
                                       Optional<String> linkUrl, String linkText) {
        return page(campaign, status, Pages.message(PageLook.of(campaign), headline, headline, paragraphs, linkUrl,
                linkText, Optional.empty()));
    }

    /** An expired or unknown link: say so plainly and offer the way back to the signup form. */
    public static HttpResponse linkExpired(Optional<Campaign> campaign, String basePath) {
        return HttpResponse.html(410, Pages.message(PageLook.of(campaign), "This link has expired",
                "This link has expired", List.of("Links in our emails work for a limited time, and this one is "
                        + "no longer valid. Nothing has changed.",
                        campaign.isPresent() ? "Sign up again and we'll send you a fresh link; it only takes a moment."
                                : "Sign up again on the page where you first signed up to get a fresh link."),
                campaign.map(c -> landingPath(basePath, c.id())), "Sign up again", Optional.empty()));
    }

    public static HttpResponse linkInvalid(Optional<Campaign> campaign, String basePath) {
        return HttpResponse.html(400, Pages.message(PageLook.of(campaign), "This link is not valid",
                "This link is not valid", List.of("The link may have been cut short or changed on its way, so "
                        + "nothing has changed. Open it again from the email, or copy the whole link into your browser.",
                        campaign.isPresent() ? "Or sign up again to get a fresh link." : ""),
                campaign.map(c -> landingPath(basePath, c.id())), "Sign up again", Optional.empty()));
    }
}
