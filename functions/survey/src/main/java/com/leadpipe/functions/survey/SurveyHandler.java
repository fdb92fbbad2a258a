package com.leadpipe.functions.survey;

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
import com.leadpipe.survey.SurveyService;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /c/{campaign}/survey} and {@code POST /c/{campaign}/survey}. */
public final class SurveyHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final SurveyEndpoint endpoint;
    private final Log log;

    public SurveyHandler() {
        this(LeadpipeConfig.fromEnvironment(), AwsClients.fromEnvironment().dynamoDb(), CampaignCatalog.fromClasspath(),
                Clock.systemUTC(), Log.stdout("survey"));
    }

    public SurveyHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.endpoint = new SurveyEndpoint(campaigns, new SurveyService(new LeadStore(dynamo, config.tableName()), clock,
                log), log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return ApiGatewayHttp.handle(event, endpoint::handle, log);
    }
}
