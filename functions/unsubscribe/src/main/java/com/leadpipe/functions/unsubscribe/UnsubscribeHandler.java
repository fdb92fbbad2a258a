package com.leadpipe.functions.unsubscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.http.ApiGatewayHttp;
import com.leadpipe.log.Log;
import com.leadpipe.store.LeadStore;
import com.leadpipe.unsubscribe.UnsubscribeService;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /unsubscribe} and {@code POST /unsubscribe}. */
public final class UnsubscribeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final UnsubscribeEndpoint endpoint;
    private final Log log;

    public UnsubscribeHandler() {
        this(LeadpipeConfig.fromEnvironment(), AwsClients.fromEnvironment().dynamoDb(), CampaignCatalog.fromClasspath(),
                Clock.systemUTC(), Log.stdout("unsubscribe"));
    }

    public UnsubscribeHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock,
                              Log log) {
        this.log = log;
        this.endpoint = new UnsubscribeEndpoint(campaigns,
                new UnsubscribeService(new LeadStore(dynamo, config.tableName()), clock, log), log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return ApiGatewayHttp.handle(event, endpoint::handle, log);
    }
}
