package com.leadpipe.functions.retry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationMailer;
import com.leadpipe.confirm.ConfirmationRetryService;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.log.Log;
import com.leadpipe.mail.ConfirmationMail;
import com.leadpipe.mail.MailException;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.queue.RetryQueue;
import com.leadpipe.queue.SqsBatch;
import com.leadpipe.queue.SqsRetryQueue;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.StoreException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Re-sends confirmation mails that SES refused, from the retry queue. A message that fails again
 * is reported as a batch item failure, so SQS retries it after its visibility timeout (backoff)
 * and moves it to the dead-letter queue after the redrive limit: never dropped.
 *
 * <p>A stream handler: the runtime's own {@code SQSEvent} deserializer needs joda-time, which the
 * artifact leaves out (see {@link SqsBatch}).
 */
public final class ConfirmationRetryHandler implements RequestStreamHandler {

    private final ConfirmationRetryService service;
    private final Log log;
    private final CampaignCatalog campaigns;
    private final SesMailSender mail;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public ConfirmationRetryHandler() {
        this(LeadpipeConfig.fromEnvironment(), Clock.systemUTC());
        priming = priming().register();
    }

    private ConfirmationRetryHandler(LeadpipeConfig config, Clock clock) {
        this(config, AwsClients.from(config.runtime()), clock);
    }

    private ConfirmationRetryHandler(LeadpipeConfig config, AwsClients aws, Clock clock) {
        this(config, aws.dynamoDb(), aws.sesV2(), CampaignCatalog.fromClasspath(), clock,
                Log.stdout("confirmation-retry", config.runtime().logLevel()));
    }

    public ConfirmationRetryHandler(LeadpipeConfig config, DynamoDbClient dynamo, SesV2Client ses,
                                    CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        this.mail = new SesMailSender(ses, config.senderAddress(), config.configurationSet());
        LeadStore store = new LeadStore(dynamo, config.tableName());
        // No re-queue from here: a failure goes back to SQS through the batch response instead.
        ConfirmationMailer mailer = new ConfirmationMailer(store, mail, Optional.<RetryQueue>empty(), log);
        this.service = new ConfirmationRetryService(campaigns, store, mailer, clock, log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        SqsBatch.handle(event, response, this::retry);
    }

    private boolean retry(SqsBatch.Message message) {
        RetryQueue.ConfirmationRetry retry;
        try {
            retry = SqsRetryQueue.fromJson(message.body());
        } catch (IllegalArgumentException e) {
            // Poison: retrying can't help; let the redrive policy park it in the DLQ.
            log.error("confirmation.retry_malformed", e, "messageId", message.messageId());
            return false;
        }
        try {
            ConfirmationRetryService.Outcome outcome = service.retry(retry);
            log.info("confirmation.retry_" + outcome.name().toLowerCase(Locale.ROOT),
                    "campaign", retry.campaignId(), "submission", retry.submissionId());
            return true;
        } catch (MailException | StoreException e) {
            log.warn("confirmation.retry_failed", "campaign", retry.campaignId(), "submission",
                    retry.submissionId(), "error", e.getClass().getSimpleName(), "receiveCount",
                    String.valueOf(message.receiveCount()));
            return false;
        }
    }

    /**
     * SnapStart priming, per campaign: a retry for a signup that does not exist (read, nothing sent)
     * and the confirmation mail rendered; a poison message. Nothing is written or mailed.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            String retry = SqsRetryQueue.toJson(new RetryQueue.ConfirmationRetry(id, SyntheticEvents.UNUSED_ADDRESS_KEY,
                    "priming", "https://priming.invalid"));
            steps.step(id + ": retry", () -> handleRequest(SyntheticEvents.sqs(retry), OutputStream.nullOutputStream(),
                    null));
            steps.step(id + ": confirmation mail", () -> mail.prime(ConfirmationMail.render(campaigns.find(id).orElseThrow(),
                    EmailAddress.parse(SyntheticEvents.RECIPIENT), Map.of(),
                    "https://priming.invalid/confirm?t=" + SyntheticEvents.unmintedToken(id))));
        }
        steps.step("poison message", () -> handleRequest(SyntheticEvents.sqs("{}"), OutputStream.nullOutputStream(), null));
        return steps;
    }
}
