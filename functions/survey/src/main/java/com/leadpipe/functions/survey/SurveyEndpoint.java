package com.leadpipe.functions.survey;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.http.Answers;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.json.JsonTree;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.survey.SurveyService;
import com.leadpipe.web.CampaignPages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /c/{campaign}/survey?t=} shows the survey (with earlier answers);
 * {@code POST /c/{campaign}/survey} with {@code t} and {@code q.<question>} fields stores them.
 */
public final class SurveyEndpoint {

    private final CampaignCatalog campaigns;
    private final SurveyService surveys;
    private final Log log;

    public SurveyEndpoint(CampaignCatalog campaigns, SurveyService surveys, Log log) {
        this.campaigns = campaigns;
        this.surveys = surveys;
        this.log = log;
    }

    public HttpResponse handle(HttpRequest request) {
        Optional<Campaign> campaign = campaigns.find(request.pathParameters().get("campaign"));
        if (campaign.isEmpty() || campaign.get().survey().isEmpty()) {
            return Answers.notFound(request);
        }
        try {
            return "POST".equals(request.method()) ? answer(request, campaign.get()) : show(request, campaign.get());
        } catch (StoreException e) {
            log.error("survey.store_unavailable", e, "campaign", campaign.get().id());
            return Answers.unavailable(request, e);
        }
    }

    private HttpResponse show(HttpRequest request, Campaign campaign) {
        String base = request.basePath();
        return switch (surveys.view(campaign, request.query().get("t"))) {
            case SurveyService.Ready ready -> CampaignPages.survey(campaign, ready.survey(), base, 200, ready.token(),
                    ready.answers(), Map.of(), "1".equals(request.query().get("saved")),
                    CampaignPages.handRaiseLink(campaign, base, Optional.ofNullable(request.query().get("h"))));
            case SurveyService.Expired expired -> CampaignPages.linkExpired(Optional.of(campaign), base);
            case SurveyService.InvalidLink invalid -> CampaignPages.linkInvalid(Optional.of(campaign), base);
        };
    }

    private HttpResponse answer(HttpRequest request, Campaign campaign) {
        Map<String, List<String>> posted;
        try {
            posted = RequestBodies.multiFields(request);
        } catch (BadRequestException e) {
            return Answers.badRequest(request, e);
        }
        String token = posted.getOrDefault("t", List.of("")).get(0);
        String base = request.basePath();
        SurveyService.Outcome outcome = surveys.answer(campaign, token, posted, request.sourceIp(), request.userAgent());
        if (request.wantsJson()) {
            return switch (outcome) {
                case SurveyService.Saved saved -> HttpResponse.json(200, JsonTree.write(Map.of("status", "saved")));
                case SurveyService.Rejected rejected -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("error", "invalid");
                    body.put("message", "Some answers need attention.");
                    body.put("fields", rejected.errors());
                    yield HttpResponse.json(422, JsonTree.write(body));
                }
                case SurveyService.LinkExpired expired -> HttpResponse.json(410, JsonTree.write(Map.of("error", "expired",
                        "message", "This survey link has expired.")));
                case SurveyService.LinkInvalid invalid -> HttpResponse.json(400, JsonTree.write(Map.of("error",
                        "invalid_link", "message", "This survey link is not valid.")));
            };
        }
        return switch (outcome) {
            case SurveyService.Saved saved ->
                    HttpResponse.seeOther(CampaignPages.surveyPath(base, campaign.id(), saved.token()) + "&saved=1"
                            + saved.handRaiseToken().map(h -> "&h=" + h).orElse(""));
            case SurveyService.Rejected rejected -> CampaignPages.survey(campaign, rejected.survey(), base, 422,
                    rejected.token(), rejected.posted(), rejected.errors(), false);
            case SurveyService.LinkExpired expired -> CampaignPages.linkExpired(Optional.of(campaign), base);
            case SurveyService.LinkInvalid invalid -> CampaignPages.linkInvalid(Optional.of(campaign), base);
        };
    }
}
