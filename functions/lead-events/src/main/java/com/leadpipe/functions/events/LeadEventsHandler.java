package com.leadpipe.functions.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.events.EventsConfig;
import com.leadpipe.events.LeadEventPublisher;
import com.leadpipe.events.LeadEvents;
import com.leadpipe.events.StreamBatch;
import com.leadpipe.handoff.HandoffNotifier;
import com.leadpipe.handoff.HandoffReminders;
import com.leadpipe.json.JsonTree;
import com.leadpipe.log.Log;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.priming.Priming;
import com.leadpipe.queue.SqsBatch;
import com.leadpipe.store.HandoffStore;
import com.leadpipe.store.LeadStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Two event sources, one job (what the hand-off owes): the table's DynamoDB stream, published as
 * typed lead events on the stack's bus with the notices they call for, answering
 * {@code batchItemFailures} with the first record not done; and the every-minute schedule, which
 * sends the reminders of raised hands nobody acknowledged.
 *
 * <p>A stream handler: the runtime's {@code DynamodbEvent} needs joda-time, which the artifact
 * leaves out ({@link StreamBatch}).
 */
public final class LeadEventsHandler implements RequestStreamHandler {

    private final LeadEventPublisher publisher;
    private final HandoffReminders reminders;
    private final CampaignCatalog campaigns;
    private final HandoffStore handoffs;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public LeadEventsHandler() {
        this(LeadpipeConfig.fromEnvironment(), EventsConfig.from(System.getenv()));
        priming = priming().register();
    }

    private LeadEventsHandler(LeadpipeConfig config, EventsConfig events) {
        this(config, events, AwsClients.from(config.runtime()));
    }

    private LeadEventsHandler(LeadpipeConfig config, EventsConfig events, AwsClients aws) {
        this(config, events, aws.dynamoDb(), aws.sesV2(), aws.configured(EventBridgeClient.builder(), "eventbridge").build(),
                CampaignCatalog.fromClasspath(), Clock.systemUTC(), Log.stdout("lead-events", config.runtime().logLevel()));
    }

    public LeadEventsHandler(LeadpipeConfig config, EventsConfig events, DynamoDbClient dynamo, SesV2Client ses,
                             EventBridgeClient eventBridge, CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        this.handoffs = new HandoffStore(dynamo, config.tableName());
        HandoffNotifier notifier = new HandoffNotifier(handoffs,
                new SesMailSender(ses, config.senderAddress(), config.configurationSet()), clock, log, events.linkBaseUrl());
        this.publisher = new LeadEventPublisher(campaigns, new LeadStore(dynamo, config.tableName()),
                new EventBridgeBus(eventBridge, events.busName(), events.source()), notifier, log);
        this.reminders = new HandoffReminders(handoffs, campaigns, notifier, clock, log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        Object payload = JsonTree.parse(event);
        if (payload instanceof Map<?, ?> map && "Scheduled Event".equals(map.get("detail-type"))) {
            reminders.sweep();
            write(response, "{\"status\":\"ok\"}");
            return;
        }
        // Not a stream event: the invocation fails (the stream retries it; never silently dropped).
        List<StreamBatch.Change> changes = StreamBatch.read(payload);
        StreamBatch.writeResponse(publisher.publish(changes), response);
    }

    private static void write(OutputStream out, String json) {
        try {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SnapStart priming, writing nothing and mailing nothing: per campaign a lead change mapped to
     * its events (not published); a stream batch of a ledger item, which publishes nothing; one
     * remind-index query of a shard no lead is in.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            steps.step(id + ": map", () -> LeadEvents.of(StreamBatch.read(JsonTree.parse(PrimingEvents.leadConfirmed(id)))
                    .get(0), campaigns::find));
        }
        steps.step("stream batch", () -> handleRequest(new java.io.ByteArrayInputStream(
                PrimingEvents.ledgerInsert().getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream(), null));
        steps.step("reminders", () -> handoffs.dueReminders("REMIND#priming", java.time.Instant.EPOCH, 1));
        steps.step("response", () -> SqsBatch.writeResponse(List.of(), OutputStream.nullOutputStream()));
        return steps;
    }

}
