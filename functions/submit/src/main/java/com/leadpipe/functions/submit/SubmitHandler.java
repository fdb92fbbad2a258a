package com.leadpipe.functions.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationMailer;
import com.leadpipe.http.ApiGatewayHttp;
import com.leadpipe.log.Log;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.queue.RetryQueue;
import com.leadpipe.queue.SqsRetryQueue;
import com.leadpipe.store.LeadStore;
import com.leadpipe.subscribe.SubscriptionService;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Lambda entry point for {@code POST /c/{campaign}/subscribe}. */
public final class SubmitHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final SubscribeEndpoint endpoint;
    private final Log log;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public SubmitHandler() {
        this(LeadpipeConfig.fromEnvironment(), AwsClients.fromEnvironment(), CampaignCatalog.fromClasspath(),
                Clock.systemUTC());
    }

    public SubmitHandler(LeadpipeConfig config, AwsClients aws, CampaignCatalog campaigns, Clock clock) {
        this(config, aws.dynamoDb(), aws.sesV2(), aws::sqs, campaigns, clock, Log.stdout("submit"));
    }

    public SubmitHandler(LeadpipeConfig config, DynamoDbClient dynamo, SesV2Client ses, Supplier<SqsClient> sqs,
                         CampaignCatalog campaigns, Clock clock, Log log) {
        LeadStore store = new LeadStore(dynamo, config.tableName());
        Optional<RetryQueue> retries = config.retryQueueUrl().map(url -> new SqsRetryQueue(sqs, url));
        ConfirmationMailer mailer = new ConfirmationMailer(store,
                new SesMailSender(ses, config.senderAddress(), config.configurationSet()), retries, log);
        this.log = log;
        this.endpoint = new SubscribeEndpoint(campaigns,
                new SubscriptionService(store, mailer, config, clock, log), config.publicBaseUrl(), config.allowedOrigins(),
                clock, log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return ApiGatewayHttp.handle(event, endpoint::handle, log);
    }
}
