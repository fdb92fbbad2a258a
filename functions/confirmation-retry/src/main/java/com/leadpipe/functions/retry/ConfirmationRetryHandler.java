package com.leadpipe.functions.retry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.leadpipe.abuse.AbuseConfig;
import com.leadpipe.abuse.MailBudget;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationMailer;
import com.leadpipe.confirm.ConfirmationOutbox;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.log.Log;
import com.leadpipe.mail.ConfirmationMail;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.LimitStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The outbox sweep, every minute (EventBridge schedule): sends the confirmation mails the table
 * says are owed and whose lease has ended (SES refused or stalled, or the signup's request died
 * before recording the send). See {@link ConfirmationOutbox}. The event's content is not used.
 */
public final class ConfirmationRetryHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Owed mails per shard per run. */
    static final int PER_SHARD = 50;
    /** No new send after this: with one SDK call's worst case after it, still inside the 45 s Timeout. */
    static final Duration BUDGET = Duration.ofSeconds(30);

    private final ConfirmationOutbox outbox;
    private final LeadStore store;
    private final Log log;
    private final CampaignCatalog campaigns;
    private final SesMailSender mail;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public ConfirmationRetryHandler() {
        this(LeadpipeConfig.fromEnvironment(), AbuseConfig.fromEnvironment(), Clock.systemUTC());
        priming = priming().register();
    }

    private ConfirmationRetryHandler(LeadpipeConfig config, AbuseConfig abuse, Clock clock) {
        this(config, abuse, AwsClients.from(config.runtime()), clock);
    }

    private ConfirmationRetryHandler(LeadpipeConfig config, AbuseConfig abuse, AwsClients aws, Clock clock) {
        this(config, abuse, aws.dynamoDb(), aws.sesV2(), CampaignCatalog.fromClasspath(), clock,
                Log.stdout("confirmation-retry", config.runtime().logLevel()));
    }

    /** Without abuse settings: no mail budget (tests of other things). */
    public ConfirmationRetryHandler(LeadpipeConfig config, DynamoDbClient dynamo, SesV2Client ses,
                                    CampaignCatalog campaigns, Clock clock, Log log) {
        this(config, AbuseConfig.off(), dynamo, ses, campaigns, clock, log);
    }

    /** Lambda and the local runner: the sweep spends the same mail budget as the submit function. */
    public ConfirmationRetryHandler(LeadpipeConfig config, AbuseConfig abuse, DynamoDbClient dynamo, SesV2Client ses,
                                    CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        this.mail = new SesMailSender(ses, config.senderAddress(), config.configurationSet());
        this.store = new LeadStore(dynamo, config.tableName());
        this.outbox = new ConfirmationOutbox(campaigns, store, new ConfirmationMailer(store, mail, log),
                config, clock, log, new MailBudget(new LimitStore(dynamo, config.tableName()),
                        abuse.newAddressMailsPerMinute(), clock));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return Map.of("sent", outbox.sweep(PER_SHARD, BUDGET));
    }

    /**
     * SnapStart priming: a mail-index query of a shard no signup is in, and per campaign the
     * confirmation mail rendered. Not a sweep: that would send real mails.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        steps.warm("mail-index", () -> store.owedMails("MAIL#priming", Instant.now(), 1));
        for (String id : campaigns.ids()) {
            steps.step(id + ": confirmation mail", () -> mail.prime(ConfirmationMail.render(campaigns.find(id).orElseThrow(),
                    EmailAddress.parse(SyntheticEvents.RECIPIENT), Map.of(),
                    "https://priming.invalid/confirm?t=" + SyntheticEvents.unmintedToken(id))));
        }
        return steps;
    }
}
