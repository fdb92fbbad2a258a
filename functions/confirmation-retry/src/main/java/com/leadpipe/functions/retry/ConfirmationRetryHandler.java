package com.leadpipe.functions.retry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationMailer;
import com.leadpipe.confirm.ConfirmationRetryService;
import com.leadpipe.log.Log;
import com.leadpipe.mail.MailException;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.queue.RetryQueue;
import com.leadpipe.queue.SqsBatch;
import com.leadpipe.queue.SqsRetryQueue;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.StoreException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Locale;
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

    public ConfirmationRetryHandler() {
        this(LeadpipeConfig.fromEnvironment(), AwsClients.fromEnvironment(), Clock.systemUTC());
    }

    private ConfirmationRetryHandler(LeadpipeConfig config, AwsClients aws, Clock clock) {
        this(config, aws.dynamoDb(), aws.sesV2(), CampaignCatalog.fromClasspath(), clock, Log.stdout("confirmation-retry"));
    }

    public ConfirmationRetryHandler(LeadpipeConfig config, DynamoDbClient dynamo, SesV2Client ses,
                                    CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        LeadStore store = new LeadStore(dynamo, config.tableName());
        // No re-queue from here: a failure goes back to SQS through the batch response instead.
        ConfirmationMailer mailer = new ConfirmationMailer(store,
                new SesMailSender(ses, config.senderAddress(), config.configurationSet()), Optional.<RetryQueue>empty(), log);
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
}
