package com.leadpipe.functions.handoff;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.handoff.HandoffAcknowledgements;
import com.leadpipe.handoff.HandoffAcknowledgements.Acknowledged;
import com.leadpipe.handoff.HandoffAcknowledgements.Gone;
import com.leadpipe.handoff.HandoffAcknowledgements.Invalid;
import com.leadpipe.handoff.HandoffAcknowledgements.Open;
import com.leadpipe.handoff.HandoffAcknowledgements.State;
import com.leadpipe.handoff.HandoffNotifier;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.Answers;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.web.CampaignPages;
import com.leadpipe.web.PageLook;
import com.leadpipe.web.Pages;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /c/{campaign}/talk/ack}: the "I've got this" link of a hand-off notice. GET shows a
 * button and changes nothing; POST acknowledges (once; again is the same page). Thin: parse, one
 * service call, a page.
 */
final class AcknowledgeEndpoint {

    private final HandoffAcknowledgements acknowledgements;

    AcknowledgeEndpoint(HandoffAcknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    HttpResponse handle(HttpRequest request, Campaign campaign) {
        if (request.method().equals("POST")) {
            Map<String, String> fields;
            try {
                fields = RequestBodies.fields(request);
            } catch (BadRequestException e) {
                return Answers.badRequest(request, e);
            }
            return page(acknowledgements.acknowledge(campaign, fields.getOrDefault("t", ""), fields.get("by"),
                    request.sourceIp(), request.userAgent()), campaign, request);
        }
        return page(acknowledgements.inspect(campaign, request.query().getOrDefault("t", "")), campaign, request);
    }

    private static HttpResponse page(State state, Campaign campaign, HttpRequest request) {
        return switch (state) {
            case Open o -> Pages.handoffAckPrompt(PageLook.of(campaign), campaign.title(), "at " + o.lead().handRaise().orElseThrow().at(),
                    request.basePath() + HandoffNotifier.AckLinks.path(campaign.id()), o.token());
            case Acknowledged a -> {
                String by = a.lead().handRaise().map(h -> h.acknowledgedBy()).orElse("");
                String who = a.now() ? "Thanks: the team knows you've got it, and no reminder goes out."
                        : "Someone " + (by.isEmpty() ? "" : "(" + by + ") ") + "took it already.";
                yield HttpResponse.html(200, Pages.message("Acknowledged", "Acknowledged", List.of(who),
                        Optional.empty(), ""));
            }
            case Gone g -> HttpResponse.html(410, Pages.message("This link no longer works", "This link no longer works",
                    List.of("It may be older than 30 days, or the lead is gone. Nothing was changed."), Optional.empty(), ""));
            case Invalid i -> CampaignPages.linkInvalid(Optional.of(campaign), request.basePath());
        };
    }
}
