package com.leadpipe.functions.unsubscribe;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.http.Answers;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.token.Tokens;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import com.leadpipe.unsubscribe.UnsubscribeService;
import com.leadpipe.unsubscribe.UnsubscribeService.AlreadyUnsubscribed;
import com.leadpipe.unsubscribe.UnsubscribeService.Expired;
import com.leadpipe.unsubscribe.UnsubscribeService.Invalid;
import com.leadpipe.unsubscribe.UnsubscribeService.LinkState;
import com.leadpipe.unsubscribe.UnsubscribeService.Method;
import com.leadpipe.unsubscribe.UnsubscribeService.Ready;
import com.leadpipe.unsubscribe.UnsubscribeService.Unsubscribed;
import com.leadpipe.web.CampaignPages;
import com.leadpipe.web.PageLook;
import com.leadpipe.web.Pages;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /unsubscribe}: the URL of every marketing mail's List-Unsubscribe header and footer link.
 *
 * <ul>
 *   <li>{@code GET ?t=} shows an Unsubscribe button and changes nothing: mail scanners open links.</li>
 *   <li>{@code POST ?t=} is RFC 8058 one-click: the mailbox provider POSTs to the header's URL,
 *       token in the query, body {@code List-Unsubscribe=One-Click}, no cookie, session or CSRF
 *       token. It unsubscribes and answers 200 with a short text, never a redirect (RFC 8058
 *       forbids one).</li>
 *   <li>{@code POST} with form field {@code t} is our page's button: unsubscribes, then
 *       {@code 303} to {@code GET ?t=…&done=1}, which says "You're unsubscribed".</li>
 * </ul>
 */
public final class UnsubscribeEndpoint {

    private final CampaignCatalog campaigns;
    private final UnsubscribeService unsubscribes;
    private final Log log;

    public UnsubscribeEndpoint(CampaignCatalog campaigns, UnsubscribeService unsubscribes, Log log) {
        this.campaigns = campaigns;
        this.unsubscribes = unsubscribes;
        this.log = log;
    }

    public HttpResponse handle(HttpRequest request) {
        try {
            return switch (request.method()) {
                case "GET", "HEAD" -> show(request);
                case "POST" -> request.query().containsKey("t") ? oneClick(request) : button(request);
                default -> Answers.error(request, 405, "method_not_allowed", "Use GET or POST.");
            };
        } catch (StoreException e) {
            log.error("unsubscribe.store_unavailable", e);
            return Answers.unavailable(request, e);
        }
    }

    private HttpResponse show(HttpRequest request) {
        String token = request.query().get("t");
        if (token == null || token.isBlank()) {
            return invalidPage();
        }
        LinkState state = unsubscribes.inspect(token);
        String base = request.basePath();
        return switch (state) {
            case Ready r -> Pages.unsubscribePrompt(PageLook.of(campaigns.find(r.campaignId())), listName(r.campaignId()), base + UnsubscribeLinks.PATH, r.token());
            // done=1 comes from our own redirect after the button: this request did it, not an earlier one.
            case AlreadyUnsubscribed a -> "1".equals(request.query().get("done"))
                    ? unsubscribedPage(a.campaignId(), base) : alreadyPage(a.campaignId());
            case Unsubscribed u -> unsubscribedPage(u.campaignId(), base); // not reached: inspect never acts
            case Expired e -> expiredPage();
            case Invalid i -> invalidPage();
        };
    }

    /**
     * RFC 8058 one-click. The token in the URL is the credential and POST is the intent, so the
     * body is not required: RFC 8058 has it {@code List-Unsubscribe=One-Click} as multipart/form-data
     * or x-www-form-urlencoded (Gmail sends the latter), and some clients send it empty or
     * mislabelled. Refusing any of them would leave someone subscribed who asked to leave.
     */
    private HttpResponse oneClick(HttpRequest request) {
        return switch (unsubscribes.unsubscribe(request.query().get("t"), Method.ONE_CLICK, request.sourceIp(),
                request.userAgent())) {
            case Unsubscribed u -> HttpResponse.text(200, "You are unsubscribed.\n");
            case AlreadyUnsubscribed a -> HttpResponse.text(200, "You are unsubscribed.\n");
            case Expired e -> HttpResponse.text(410, "This unsubscribe link has expired.\n");
            case Invalid i -> HttpResponse.text(400, "This unsubscribe link is not valid.\n");
            case Ready r -> HttpResponse.text(500, "Please try again.\n"); // not reached: unsubscribe() acts
        };
    }

    /** The page's button: a plain form post, no cookie or CSRF token (the link token is the credential). */
    private HttpResponse button(HttpRequest request) {
        Map<String, String> fields;
        try {
            fields = RequestBodies.fields(request);
        } catch (BadRequestException e) {
            return Answers.badRequest(request, e);
        }
        String token = fields.get("t");
        if (token == null || token.isBlank()) {
            return invalidPage();
        }
        LinkState state = unsubscribes.unsubscribe(token, Method.PAGE, request.sourceIp(), request.userAgent());
        return switch (state) {
            // Post/redirect/get: reloading the result page must not post again. The token parsed,
            // so it is URL-safe.
            case Unsubscribed u -> done(request, token);
            case AlreadyUnsubscribed a -> done(request, token);
            case Expired e -> expiredPage();
            case Invalid i -> invalidPage();
            case Ready r -> invalidPage(); // not reached: unsubscribe() acts
        };
    }

    private static HttpResponse done(HttpRequest request, String token) {
        String value = Tokens.parse(token).orElseThrow().value();
        return HttpResponse.seeOther(request.basePath() + UnsubscribeLinks.PATH + "?t=" + value + "&done=1");
    }

    private String listName(String campaignId) {
        // A campaign removed from the repository still has subscribers with links in old mail:
        // unsubscribing must keep working without it.
        return campaigns.find(campaignId).map(Campaign::title).orElse("us");
    }

    // The pages never show the address: anyone holding a forwarded mail can open them.

    private HttpResponse unsubscribedPage(String campaignId, String basePath) {
        Optional<Campaign> campaign = campaigns.find(campaignId);
        return HttpResponse.html(200, Pages.message(PageLook.of(campaign), "You're unsubscribed", "You're unsubscribed",
                List.of("You won't get any more emails from " + listName(campaignId) + ".",
                        campaign.isPresent() ? "Changed your mind? You can sign up again at any time." : ""),
                campaign.map(c -> CampaignPages.landingPath(basePath, c.id())), "Sign up again", Optional.empty()));
    }

    private HttpResponse alreadyPage(String campaignId) {
        return HttpResponse.html(200, Pages.message(PageLook.of(campaigns.find(campaignId)), "You're already unsubscribed",
                "You're already unsubscribed",
                List.of("You get no more emails from " + listName(campaignId) + "; there is nothing more to do."),
                Optional.empty(), "", Optional.empty()));
    }

    private static HttpResponse expiredPage() {
        return HttpResponse.html(410, Pages.message("This link has expired", "This link has expired",
                List.of("Unsubscribe links work for more than a year, but this one is no longer valid. "
                        + "The unsubscribe link in a recent email from us will work."),
                Optional.empty(), ""));
    }

    private static HttpResponse invalidPage() {
        return HttpResponse.html(400, Pages.message("This link is not valid", "This link is not valid",
                List.of("The link may have been cut short or changed on its way, so nothing has changed. Open it "
                        + "again from the email, or copy the whole link into your browser."),
                Optional.empty(), ""));
    }
}
