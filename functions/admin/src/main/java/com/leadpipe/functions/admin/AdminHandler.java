package com.leadpipe.functions.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.admin.AdminService;
import com.leadpipe.admin.AdminSettings;
import com.leadpipe.admin.ExportSink;
import com.leadpipe.admin.PrivacyService;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.http.ApiGatewayHttp;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.store.AdminStore;
import com.leadpipe.store.PrivacyStore;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for every {@code /admin/...} route (IAM-authorised, README "Admin API"). */
public final class AdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final AdminEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public AdminHandler() {
        this(LeadpipeConfig.fromEnvironment(), LeadpipeConfig.adminFromEnvironment());
        priming = priming().register();
    }

    private AdminHandler(LeadpipeConfig config, AdminSettings settings) {
        this(config, settings, AwsClients.from(config.runtime()), Log.stdout("admin", config.runtime().logLevel()));
    }

    private AdminHandler(LeadpipeConfig config, AdminSettings settings, AwsClients aws, Log log) {
        this(config, settings, aws.dynamoDb(), settings.exportBucket()
                .<ExportSink>map(bucket -> new S3ExportSink(ExportClients.s3(config.runtime()),
                        ExportClients.presigner(config.runtime()), bucket)).orElse(ExportSink.NONE),
                CampaignCatalog.fromClasspath(), Clock.systemUTC(), log);
    }

    /** Without an export bucket (the local runner): every CSV export is answered inline. */
    public AdminHandler(LeadpipeConfig config, AdminSettings settings, DynamoDbClient dynamo, CampaignCatalog campaigns,
                        Clock clock, Log log) {
        this(config, settings, dynamo, ExportSink.NONE, campaigns, clock, log);
    }

    public AdminHandler(LeadpipeConfig config, AdminSettings settings, DynamoDbClient dynamo, ExportSink exports,
                        CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        AdminStore store = new AdminStore(dynamo, config.tableName());
        this.endpoint = new AdminEndpoint(new AdminService(campaigns, store, exports, settings, clock, log),
                new PrivacyService(campaigns, store, new PrivacyStore(dynamo, config.tableName()), exports, settings,
                        clock, log), log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String requestId = context == null ? UUID.randomUUID().toString() : context.getAwsRequestId();
        log.invocation(context == null ? null : context.getAwsRequestId());
        String caller = caller(event);
        return ApiGatewayHttp.handle(event, request -> endpoint.handle(request, caller, requestId), log);
    }

    /** The IAM principal API Gateway verified the signature of; "local" where nobody signs (local runner). */
    static String caller(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getIam() == null
                || ctx.getAuthorizer().getIam().getUserArn() == null) {
            return "local";
        }
        return ctx.getAuthorizer().getIam().getUserArn();
    }

    /**
     * SnapStart priming: per campaign, its funnel (reads only); nothing is written or erased. The
     * admin API is no visitor's path, so it stays a typed handler (the runtime reads its event).
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        steps.step("campaigns", () -> handleRequest(get("/admin/campaigns", "GET /admin/campaigns", Map.of()), null));
        for (String id : campaigns.ids()) {
            steps.step(id + ": funnel", () -> handleRequest(get("/admin/campaigns/" + id + "/funnel",
                    "GET /admin/campaigns/{campaign}/funnel", Map.of("campaign", id)), null));
        }
        return steps;
    }

    private static APIGatewayV2HTTPEvent get(String path, String routeKey, Map<String, String> pathParameters) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path).withRouteKey(routeKey).withRawQueryString("")
                .withPathParameters(pathParameters).withHeaders(Map.of())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withDomainName("priming.invalid")
                        .withStage("$default").withRequestId("priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path)
                                .withSourceIp("203.0.113.1").build()).build())
                .build();
    }
}
