package com.leadpipe.functions.survey;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.Rehearsal;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import com.leadpipe.survey.SurveyService;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /c/{campaign}/survey} and {@code POST /c/{campaign}/survey}. */
public final class SurveyHandler implements RequestStreamHandler {

    private final SurveyEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
    private final LeadpipeConfig config;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public SurveyHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private SurveyHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()).dynamoDb(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                Log.stdout("survey", config.runtime().logLevel()));
    }

    public SurveyHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock, Log log) {
        this.config = config;
        this.log = log;
        this.campaigns = campaigns;
        this.endpoint = new SurveyEndpoint(campaigns, new SurveyService(new LeadStore(dynamo, config.tableName()), clock,
                log), log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        HttpApiStream.handle(event, response, endpoint::handle, log);
    }

    /**
     * SnapStart priming. Real client, harmless: per campaign the survey page and a posted answer for
     * a link nobody was sent. Rehearsed ({@link Rehearsal}: offline clients, nothing leaves the JVM):
     * a confirmed lead opens its survey link and answers every question, through the reads, the
     * qualification and its transaction.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        Rehearsal.Stage<SurveyHandler> offline = Rehearsal.stage(config, campaigns, "survey",
                r -> new SurveyHandler(config, r.dynamoDb(), campaigns, Clock.systemUTC(),
                r.log()));
        for (String id : campaigns.ids()) {
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> Priming.invoke(this, page(id, token)));
            steps.step(id + ": answer", () -> Priming.invoke(this, answer(id, token)));
            campaigns.find(id).flatMap(Campaign::survey).ifPresent(survey -> steps.rehearse(id + ": answered", () -> {
                String link = offline.rehearsal().confirmed(id).surveyToken().orElseThrow();
                Priming.rehearse(offline.handler(), page(id, "t=" + link));
                Priming.rehearse(offline.handler(), answer(id, Rehearsal.surveyAnswers(survey, link)));
            }));
        }
        return steps.afterAll(offline::clear);
    }

    private static HttpApiStream.WireEvent page(String campaign, String query) {
        return SyntheticEvents.get("/c/" + campaign + "/survey", "GET /c/{campaign}/survey", Map.of("campaign", campaign),
                query);
    }

    private static HttpApiStream.WireEvent answer(String campaign, String form) {
        return SyntheticEvents.http("POST", "/c/" + campaign + "/survey", "POST /c/{campaign}/survey",
                Map.of("campaign", campaign), null, Map.of(), SyntheticEvents.FORM, form);
    }
}
