package com.leadpipe.functions.confirm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationService;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.Rehearsal;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /confirm} and {@code POST /confirm}. */
public final class ConfirmHandler implements RequestStreamHandler {

    private final ConfirmEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
    private final LeadpipeConfig config;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public ConfirmHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private ConfirmHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()).dynamoDb(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                Log.stdout("confirm", config.runtime().logLevel()));
    }

    public ConfirmHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock, Log log) {
        this.config = config;
        this.log = log;
        this.campaigns = campaigns;
        this.endpoint = new ConfirmEndpoint(campaigns,
                new ConfirmationService(campaigns, new LeadStore(dynamo, config.tableName()), clock, log), log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        HttpApiStream.handle(event, response, endpoint::handle, log);
    }

    /**
     * SnapStart priming. Real client, harmless: per campaign the confirm page and action for a link
     * nobody was sent (one read of its token, nothing written), and a malformed link. Rehearsed
     * ({@link Rehearsal}: offline clients, nothing leaves the JVM): a new signup's link opened and
     * confirmed, through the reads and the confirmation transaction.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        Rehearsal.Stage<ConfirmHandler> offline = Rehearsal.stage(config, campaigns, "confirm",
                r -> new ConfirmHandler(config, r.dynamoDb(), campaigns, Clock.systemUTC(),
                r.log()));
        for (String id : campaigns.ids()) {
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> Priming.invoke(this, page(token)));
            steps.step(id + ": confirm", () -> Priming.invoke(this, confirm(token)));
            steps.rehearse(id + ": signup confirmed", () -> {
                String link = "t=" + offline.rehearsal().signUp(id).confirmToken();
                Priming.rehearse(offline.handler(), page(link));
                Priming.rehearse(offline.handler(), confirm(link));
            });
        }
        steps.step("malformed link", () -> Priming.invoke(this, page("t=broken")));
        return steps.afterAll(offline::clear);
    }

    private static HttpApiStream.WireEvent page(String query) {
        return SyntheticEvents.get("/confirm", "GET /confirm", Map.of(), query);
    }

    private static HttpApiStream.WireEvent confirm(String form) {
        return SyntheticEvents.http("POST", "/confirm", "POST /confirm", Map.of(), null, Map.of(), SyntheticEvents.FORM,
                form);
    }
}
