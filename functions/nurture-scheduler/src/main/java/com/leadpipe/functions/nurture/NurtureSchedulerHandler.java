package com.leadpipe.functions.nurture;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.nurture.NurtureConfig;
import com.leadpipe.nurture.NurtureScheduler;
import com.leadpipe.priming.Priming;
import com.leadpipe.queue.SqsNurtureQueue;
import com.leadpipe.store.NurtureStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs every minute (EventBridge schedule): queues the leads whose next nurture step is due.
 * The event's content is not used, so it is taken as a plain map (no date-library types).
 */
public final class NurtureSchedulerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final NurtureScheduler scheduler;
    private final Log log;
    private final NurtureStore store;
    private final SqsClient sqs;
    private final String queueUrl;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public NurtureSchedulerHandler() {
        this(LeadpipeConfig.fromEnvironment(), Clock.systemUTC());
        priming = priming().register();
    }

    private NurtureSchedulerHandler(LeadpipeConfig config, Clock clock) {
        this(config, AwsClients.from(config.runtime()), clock);
    }

    private NurtureSchedulerHandler(LeadpipeConfig config, AwsClients aws, Clock clock) {
        this(config, config.nurture(), aws.dynamoDb(), aws.sqs(), clock,
                Log.stdout("nurture-scheduler", config.runtime().logLevel()));
    }

    public NurtureSchedulerHandler(LeadpipeConfig config, NurtureConfig nurture, DynamoDbClient dynamo, SqsClient sqs,
                                   Clock clock, Log log) {
        this.log = log;
        this.store = new NurtureStore(dynamo, config.tableName());
        this.sqs = sqs;
        this.queueUrl = nurture.queueUrl();
        this.scheduler = new NurtureScheduler(store, new SqsNurtureQueue(sqs, queueUrl), nurture.maxPerRun(), clock, log);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return Map.of("queued", scheduler.run());
    }

    /**
     * SnapStart priming: a due-index query of a shard no lead is in, and a read of the send queue's
     * attributes. Not a scheduler run: that would queue real leads.
     */
    public Priming priming() {
        return new Priming(log)
                .step("due-index", () -> store.due("DUE#priming", Instant.now(), 1))
                .step("queue", () -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN)));
    }
}
