package com.leadpipe.functions.handoff;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.handoff.HandoffService;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.log.Log;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Lambda entry point for {@code GET /c/{campaign}/talk} and {@code POST /c/{campaign}/talk}. */
public final class HandoffHandler implements RequestStreamHandler {

    private final HandoffEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final SesMailSender mail;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public HandoffHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private HandoffHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()), CampaignCatalog.fromClasspath(),
                Log.stdout("handoff", config.runtime().logLevel()));
    }

    private HandoffHandler(LeadpipeConfig config, AwsClients aws, CampaignCatalog campaigns, Log log) {
        this(config, aws.dynamoDb(), aws.sesV2(), campaigns, Clock.systemUTC(), log);
    }

    public HandoffHandler(LeadpipeConfig config, DynamoDbClient dynamo, SesV2Client ses, CampaignCatalog campaigns,
                          Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        this.mail = new SesMailSender(ses, config.senderAddress(), config.configurationSet());
        this.endpoint = new HandoffEndpoint(campaigns, new HandoffService(new LeadStore(dynamo, config.tableName()),
                mail, clock, log), log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        HttpApiStream.handle(event, response, endpoint::handle, log);
    }

    /**
     * SnapStart priming: per campaign, the form and its POST for a link nobody was sent (one read
     * of its token each, nothing written); the SES client warmed with a notice rendered, not sent.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            String path = HandRaiseLinks.path(id);
            String route = "/c/{campaign}/talk";
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> Priming.invoke(this, SyntheticEvents.get(path, "GET " + route,
                    Map.of("campaign", id), token)));
            steps.step(id + ": raise", () -> Priming.invoke(this, SyntheticEvents.http("POST", path, "POST " + route,
                    Map.of("campaign", id), null, Map.of(), SyntheticEvents.FORM, token + "&channel=email")));
        }
        steps.step("ses", () -> mail.prime(new OutgoingEmail("Leadpipe", EmailAddress.parse(SyntheticEvents.RECIPIENT),
                "priming", "priming", "<p>priming</p>", Map.of())));
        return steps;
    }
}
