package com.leadpipe.functions.nurture;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.log.Log;
import com.leadpipe.mail.MailException;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.nurture.NurtureConfig;
import com.leadpipe.nurture.NurtureMail;
import com.leadpipe.nurture.NurtureSender;
import com.leadpipe.nurture.Pacer;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.Rehearsal;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.queue.SqsBatch;
import com.leadpipe.queue.SqsNurtureQueue;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.NurtureStore;
import com.leadpipe.store.StoreException;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Sends due nurture steps from the send queue, paced to this worker's share of the SES rate.
 * A throttled or refused send is a batch item failure: SQS delivers it again after the visibility
 * timeout, and parks it in the dead-letter queue after the redrive limit. Never dropped.
 *
 * <p>A stream handler: the runtime's own {@code SQSEvent} deserializer needs joda-time, which the
 * artifact leaves out (see {@link SqsBatch}).
 */
public final class NurtureSenderHandler implements RequestStreamHandler {

    private final NurtureSender sender;
    private final Pacer pacer;
    private final Log log;
    private final CampaignCatalog campaigns;
    private final SesMailSender mail;
    private final LeadpipeConfig config;
    private final NurtureConfig nurture;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public NurtureSenderHandler() {
        this(LeadpipeConfig.fromEnvironment(), Clock.systemUTC());
        priming = priming().register();
    }

    private NurtureSenderHandler(LeadpipeConfig config, Clock clock) {
        this(config, AwsClients.from(config.runtime()), clock);
    }

    private NurtureSenderHandler(LeadpipeConfig config, AwsClients aws, Clock clock) {
        this(config, config.nurture(), aws.dynamoDb(), aws.sesV2(), CampaignCatalog.fromClasspath(),
                Pacer.realTime(config.nurture().sendRatePerWorker()), clock,
                Log.stdout("nurture-sender", config.runtime().logLevel()));
    }

    /** Paced in real time at this worker's share of the SES rate, as in Lambda; for the local runner. */
    public NurtureSenderHandler(LeadpipeConfig config, NurtureConfig nurture, DynamoDbClient dynamo, SesV2Client ses,
                                CampaignCatalog campaigns, Clock clock, Log log) {
        this(config, nurture, dynamo, ses, campaigns, Pacer.realTime(nurture.sendRatePerWorker()), clock, log);
    }

    public NurtureSenderHandler(LeadpipeConfig config, NurtureConfig nurture, DynamoDbClient dynamo, SesV2Client ses,
                                CampaignCatalog campaigns, Pacer pacer, Clock clock, Log log) {
        this.log = log;
        this.config = config;
        this.nurture = nurture;
        this.pacer = pacer;
        this.campaigns = campaigns;
        this.mail = new SesMailSender(ses, config.senderAddress(), config.configurationSet());
        LeadStore leads = new LeadStore(dynamo, config.tableName());
        this.sender = new NurtureSender(campaigns, leads, new NurtureStore(dynamo, config.tableName()),
                new NurtureMail(new UnsubscribeLinks(leads, nurture.linkBaseUrl()), new HandRaiseLinks(leads)), mail, clock, log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        SqsBatch.handle(event, response, this::send);
    }

    private boolean send(SqsBatch.Message message) {
        String[] lead;
        try {
            lead = SqsNurtureQueue.fromJson(message.body());
        } catch (IllegalArgumentException e) {
            log.error("nurture.malformed_message", e, "messageId", message.messageId());
            return false;
        }
        try {
            pacer.await();
            sender.send(lead[0], lead[1]);
            return true;
        } catch (MailException e) {
            log.warn("nurture.send_deferred", "campaign", lead[0], "throttled", e.throttled(),
                    "reason", e.getMessage());
            return false;
        } catch (StoreException e) {
            log.error("nurture.store_unavailable", e, "campaign", lead[0]);
            return false;
        }
    }

    /**
     * SnapStart priming. Real clients, harmless: per campaign a send for a lead that does not exist
     * (one read, nothing written or sent); a poison message; the SES client warmed with a rendered,
     * unsent mail. Rehearsed ({@link Rehearsal}: a second handler on offline clients, nothing leaves
     * the JVM): a confirmed lead's first nurture mail, through the claim, the links, the send and
     * the recording transaction.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        // Unpaced: the rehearsal sends nothing, and must not spend this sender's share of the rate.
        Rehearsal.Stage<NurtureSenderHandler> offline = Rehearsal.stage(config, campaigns, "nurture-sender",
                r -> new NurtureSenderHandler(config, nurture, r.dynamoDb(),
                r.sesV2(), campaigns, Pacer.realTime(1_000_000), Clock.systemUTC(), r.log()));
        for (String id : campaigns.ids()) {
            String message = SqsNurtureQueue.toJson(id, SyntheticEvents.UNUSED_ADDRESS_KEY);
            steps.step(id + ": send", () -> handleRequest(SyntheticEvents.sqs(message), OutputStream.nullOutputStream(),
                    null));
            if (campaigns.find(id).flatMap(Campaign::sequence).isPresent()) {
                steps.rehearse(id + ": nurtured", () -> {
                    Rehearsal.Lead lead = offline.rehearsal().confirmed(id);
                    ByteArrayOutputStream response = new ByteArrayOutputStream();
                    offline.handler().handleRequest(SyntheticEvents.sqs(SqsNurtureQueue.toJson(id, lead.addressKey())), response,
                            null);
                    if (!response.toString(StandardCharsets.UTF_8).equals("{\"batchItemFailures\":[]}")) {
                        throw new IllegalStateException("the rehearsed send failed");
                    }
                });
            }
        }
        steps.step("poison message", () -> handleRequest(SyntheticEvents.sqs("{}"), OutputStream.nullOutputStream(), null));
        steps.step("ses", () -> mail.prime(new OutgoingEmail("Leadpipe", EmailAddress.parse(SyntheticEvents.RECIPIENT),
                "priming", "priming", "<p>priming</p>", Map.of())));
        // The real steps went through the pacer; the first mail after a restore must not wait for them.
        return steps.afterAll(offline::clear).afterAll(pacer::refill);
    }
}
