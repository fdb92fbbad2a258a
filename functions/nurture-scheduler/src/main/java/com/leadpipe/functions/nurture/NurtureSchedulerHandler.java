package com.leadpipe.functions.nurture;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.nurture.NurtureConfig;
import com.leadpipe.nurture.NurtureScheduler;
import com.leadpipe.queue.SqsNurtureQueue;
import com.leadpipe.store.NurtureStore;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs every minute (EventBridge schedule): queues the leads whose next nurture step is due.
 * The event's content is not used, so it is taken as a plain map (no date-library types).
 */
public final class NurtureSchedulerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final NurtureScheduler scheduler;
    private final Log log;

    public NurtureSchedulerHandler() {
        this(LeadpipeConfig.fromEnvironment(), NurtureConfig.from(System.getenv()), AwsClients.fromEnvironment(),
                Clock.systemUTC());
    }

    private NurtureSchedulerHandler(LeadpipeConfig config, NurtureConfig nurture, AwsClients aws, Clock clock) {
        this(config, nurture, aws.dynamoDb(), aws.sqs(), clock, Log.stdout("nurture-scheduler"));
    }

    public NurtureSchedulerHandler(LeadpipeConfig config, NurtureConfig nurture, DynamoDbClient dynamo, SqsClient sqs,
                                   Clock clock, Log log) {
        this.log = log;
        this.scheduler = new NurtureScheduler(new NurtureStore(dynamo, config.tableName()),
                new SqsNurtureQueue(sqs, nurture.queueUrl()), nurture.maxPerRun(), clock, log);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return Map.of("queued", scheduler.run());
    }
}
