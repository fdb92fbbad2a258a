package com.leadpipe.functions.handoff;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.handoff.HandoffAcknowledgements;
import com.leadpipe.handoff.HandoffForm;
import com.leadpipe.handoff.HandoffService;
import com.leadpipe.handoff.HandoffService.Gone;
import com.leadpipe.handoff.HandoffService.Invalid;
import com.leadpipe.handoff.HandoffService.Raised;
import com.leadpipe.handoff.HandoffService.Ready;
import com.leadpipe.handoff.HandoffService.State;
import com.leadpipe.http.Answers;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.web.CampaignPages;
import com.leadpipe.web.PageLook;
import com.leadpipe.web.Pages;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /c/{campaign}/talk}: the hand-raise link of nurture mails and the confirmed and
 * survey-saved pages.
 *
 * <ul>
 *   <li>{@code GET ?t=} shows a short form and changes nothing: mail scanners open links.</li>
 *   <li>{@code POST} with {@code t} and the form's fields records the raised hand and shows the
 *       thank-you page; posting again shows it again and records nothing more.</li>
 * </ul>
 * The pages never show the address: anyone holding a forwarded mail can open them.
 * {@code /c/{campaign}/talk/ack} is the notify list's "I've got this" ({@link AcknowledgeEndpoint}).
 */
public final class HandoffEndpoint {

    private final CampaignCatalog campaigns;
    private final HandoffService handoffs;
    private final AcknowledgeEndpoint acknowledgements;
    private final Log log;

    public HandoffEndpoint(CampaignCatalog campaigns, HandoffService handoffs, HandoffAcknowledgements acknowledgements,
                           Log log) {
        this.campaigns = campaigns;
        this.handoffs = handoffs;
        this.acknowledgements = new AcknowledgeEndpoint(acknowledgements);
        this.log = log;
    }

    public HttpResponse handle(HttpRequest request) {
        Optional<Campaign> campaign = campaigns.find(request.pathParameters().get("campaign"));
        if (campaign.isEmpty() || campaign.get().handoff().isEmpty()) {
            return Answers.notFound(request);
        }
        try {
            if (request.path().endsWith("/ack")) {
                return switch (request.method()) {
                    case "GET", "HEAD", "POST" -> acknowledgements.handle(request, campaign.get());
                    default -> Answers.error(request, 405, "method_not_allowed", "Use GET or POST.");
                };
            }
            return switch (request.method()) {
                case "GET", "HEAD" -> show(request, campaign.get());
                case "POST" -> raise(request, campaign.get());
                default -> Answers.error(request, 405, "method_not_allowed", "Use GET or POST.");
            };
        } catch (StoreException e) {
            log.error("handoff.store_unavailable", e, "campaign", campaign.get().id());
            return Answers.unavailable(request, e);
        }
    }

    private HttpResponse show(HttpRequest request, Campaign campaign) {
        String token = request.query().get("t");
        if (token == null || token.isBlank()) {
            return CampaignPages.linkInvalid(Optional.of(campaign), request.basePath());
        }
        return switch (handoffs.inspect(campaign, token)) {
            case Ready r -> Pages.handoffForm(PageLook.of(campaign), campaign.handoff().orElseThrow(), action(request, campaign), r.token(),
                    Map.of(), Optional.empty());
            case Raised r -> thanksPage(campaign); // not reached: inspect never acts
            case Gone g -> gonePage(campaign, request.basePath());
            case Invalid i -> CampaignPages.linkInvalid(Optional.of(campaign), request.basePath());
        };
    }

    private HttpResponse raise(HttpRequest request, Campaign campaign) {
        Map<String, String> fields;
        try {
            fields = RequestBodies.fields(request);
        } catch (BadRequestException e) {
            return Answers.badRequest(request, e);
        }
        String token = fields.get("t");
        if (token == null || token.isBlank()) {
            return CampaignPages.linkInvalid(Optional.of(campaign), request.basePath());
        }
        Campaign.Handoff handoff = campaign.handoff().orElseThrow();
        HandoffForm.Result form = HandoffForm.check(handoff, fields);
        if (form.error().isPresent()) {
            State state = handoffs.inspect(campaign, token);
            return state instanceof Ready r
                    ? Pages.handoffForm(PageLook.of(campaign), handoff, action(request, campaign), r.token(), form.request(), form.error())
                    : pageFor(state, campaign, request);
        }
        return pageFor(handoffs.raise(campaign, handoff, token, form.request(), request.sourceIp(),
                request.userAgent()), campaign, request);
    }

    private HttpResponse pageFor(State state, Campaign campaign, HttpRequest request) {
        return switch (state) {
            case Raised r -> thanksPage(campaign);
            case Ready r -> thanksPage(campaign); // not reached: raise() acts
            case Gone g -> gonePage(campaign, request.basePath());
            case Invalid i -> CampaignPages.linkInvalid(Optional.of(campaign), request.basePath());
        };
    }

    private static String action(HttpRequest request, Campaign campaign) {
        return request.basePath() + HandRaiseLinks.path(campaign.id());
    }

    private static HttpResponse thanksPage(Campaign campaign) {
        Campaign.PageCopy thanks = campaign.handoff().orElseThrow().thanks();
        return CampaignPages.message(campaign, 200, thanks.headline(), List.of(thanks.copy()), Optional.empty(), "");
    }

    private static HttpResponse gonePage(Campaign campaign, String basePath) {
        return CampaignPages.message(campaign, 410, "This link no longer works",
                List.of("It may be old, or you may have unsubscribed from " + campaign.title() + ". "
                        + "Nothing was sent or saved. To hear from us again, sign up on our page."),
                Optional.of(CampaignPages.landingPath(basePath, campaign.id())), "Go to the signup page");
    }
}
