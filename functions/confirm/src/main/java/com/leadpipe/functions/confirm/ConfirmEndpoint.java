package com.leadpipe.functions.confirm;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.confirm.ConfirmationService;
import com.leadpipe.confirm.ConfirmationService.AlreadyConfirmed;
import com.leadpipe.confirm.ConfirmationService.Confirmed;
import com.leadpipe.confirm.ConfirmationService.Expired;
import com.leadpipe.confirm.ConfirmationService.Invalid;
import com.leadpipe.confirm.ConfirmationService.LinkState;
import com.leadpipe.confirm.ConfirmationService.Ready;
import com.leadpipe.http.Answers;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.json.JsonTree;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.web.CampaignPages;
import com.leadpipe.web.Pages;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /confirm?t=} shows a Confirm button and changes nothing (mail scanners open links);
 * {@code POST /confirm} with form field {@code t} confirms.
 */
public final class ConfirmEndpoint {

    private final CampaignCatalog campaigns;
    private final ConfirmationService confirmations;
    private final Log log;

    public ConfirmEndpoint(CampaignCatalog campaigns, ConfirmationService confirmations, Log log) {
        this.campaigns = campaigns;
        this.confirmations = confirmations;
        this.log = log;
    }

    public HttpResponse handle(HttpRequest request) {
        try {
            return switch (request.method()) {
                case "GET", "HEAD" -> show(request);
                case "POST" -> confirm(request);
                default -> Answers.error(request, 405, "method_not_allowed", "Use GET or POST.");
            };
        } catch (StoreException e) {
            log.error("confirm.store_unavailable", e);
            return Answers.unavailable(request, e);
        }
    }

    private HttpResponse show(HttpRequest request) {
        String token = request.query().get("t");
        if (token == null || token.isBlank()) {
            return CampaignPages.linkInvalid(Optional.empty(), request.basePath());
        }
        LinkState state = confirmations.inspect(token);
        if (state instanceof Ready ready) {
            Optional<Campaign> campaign = campaigns.find(ready.campaignId());
            if (campaign.isPresent()) {
                return Pages.confirmPrompt(campaign.get(), request.basePath() + "/confirm", ready.token());
            }
            return CampaignPages.linkExpired(Optional.empty(), request.basePath());
        }
        return answer(request, state);
    }

    private HttpResponse confirm(HttpRequest request) {
        Map<String, String> fields;
        try {
            fields = RequestBodies.fields(request);
        } catch (BadRequestException e) {
            return Answers.badRequest(request, e);
        }
        String token = fields.get("t");
        if (token == null || token.isBlank()) {
            return request.wantsJson()
                    ? HttpResponse.json(400, JsonTree.write(Map.of("error", "invalid_link", "message", "The field t is missing.")))
                    : CampaignPages.linkInvalid(Optional.empty(), request.basePath());
        }
        return answer(request, confirmations.confirm(token, request.sourceIp(), request.userAgent()));
    }

    private HttpResponse answer(HttpRequest request, LinkState state) {
        String base = request.basePath();
        if (request.wantsJson()) {
            return switch (state) {
                case Confirmed c -> HttpResponse.json(200, JsonTree.write(c.surveyToken()
                        .<Map<String, ?>>map(s -> Map.of("status", "confirmed",
                                "survey", request.publicBaseUrl() + CampaignPages.surveyPath("", c.campaignId(), s)))
                        .orElse(Map.of("status", "confirmed"))));
                case AlreadyConfirmed a -> HttpResponse.json(200, JsonTree.write(Map.of("status", "already_confirmed")));
                case Ready r -> HttpResponse.json(200, JsonTree.write(Map.of("status", "ready")));
                case Expired e -> HttpResponse.json(410, JsonTree.write(Map.of("error", "expired",
                        "message", "This link has expired; sign up again.")));
                case Invalid i -> HttpResponse.json(400, JsonTree.write(Map.of("error", "invalid_link",
                        "message", "This link is not valid.")));
            };
        }
        return switch (state) {
            case Confirmed c -> HttpResponse.seeOther(CampaignPages.landingPath(base, c.campaignId()) + "/confirmed"
                    + CampaignPages.query(c.surveyToken(), c.handRaiseToken()));
            case AlreadyConfirmed a ->
                    HttpResponse.seeOther(CampaignPages.landingPath(base, a.campaignId()) + "/confirmed?already=1");
            case Ready r -> CampaignPages.linkInvalid(Optional.empty(), base); // not reached: show() handles Ready
            case Expired e -> CampaignPages.linkExpired(campaigns.find(e.campaignId()), base);
            case Invalid i -> CampaignPages.linkInvalid(i.campaignId().flatMap(campaigns::find), base);
        };
    }
}
