package com.leadpipe.functions.bounces;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.feedback.FeedbackService;
import com.leadpipe.feedback.SesNotification;
import com.leadpipe.json.JsonTree;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.store.StoreException;
import com.leadpipe.store.SuppressionStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point for SES bounce, complaint and delivery events, delivered by SNS from the
 * stack's feedback topic (SES configuration set → SNS → here).
 *
 * <p>SNS invokes asynchronously: if this throws, Lambda retries the event twice and then hands it
 * to the on-failure destination (BounceDeadLetterQueue). So it throws only where a retry can help
 * (table or certificate endpoint unavailable) and returns normally for messages that will never
 * be good (forged, stale, not an SES event), after logging {@code feedback.rejected}.
 */
public final class BounceHandler implements RequestStreamHandler {

    private final NotificationVerifier verifier;
    private final FeedbackService feedback;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public BounceHandler() {
        this(LeadpipeConfig.fromEnvironment(), Clock.systemUTC());
        priming = priming().register();
    }

    private BounceHandler(LeadpipeConfig config, Clock clock) {
        this(config.bounceTopicArn().orElseThrow(() -> new IllegalStateException("BOUNCE_TOPIC_ARN is not set")),
                config.tableName(), AwsClients.from(config.runtime()).dynamoDb(), new HttpsSigningCertificates(), clock,
                Log.stdout("bounces", config.runtime().logLevel()));
    }

    /** Real signature checking, with the certificates from {@code certificates}. */
    public BounceHandler(String topicArn, String table, DynamoDbClient dynamo, SigningCertificates certificates,
                         Clock clock, Log log) {
        this(new SnsVerifier(topicArn, certificates, clock),
                new FeedbackService(new SuppressionStore(dynamo, table), clock, log), log);
    }

    public BounceHandler(NotificationVerifier verifier, FeedbackService feedback, Log log) {
        this.verifier = verifier;
        this.feedback = feedback;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        List<SnsMessage> messages;
        try {
            messages = SnsEvents.parse(input);
        } catch (IllegalArgumentException e) {
            log.warn("feedback.rejected", "reason", "malformed_event");
            return;
        }
        for (SnsMessage message : messages) {
            handle(message);
        }
    }

    private void handle(SnsMessage message) {
        String snsMessageId = logSafe(message.messageId());
        try {
            verifier.verify(message);
        } catch (RejectedMessage e) {
            if (e.detail().isEmpty()) {
                log.warn("feedback.rejected", "reason", e.reason(), "snsMessageId", snsMessageId);
            } else {
                log.warn("feedback.rejected", "reason", e.reason(), "detail", e.detail(), "snsMessageId", snsMessageId);
            }
            return;
        } catch (SigningCertificates.Unavailable e) {
            log.error("feedback.certificate_unavailable", e, "snsMessageId", snsMessageId);
            throw e;
        }
        SesNotification event;
        try {
            event = SesNotification.parse(message.message());
        } catch (IllegalArgumentException e) {
            log.warn("feedback.rejected", "reason", "not_an_ses_event", "snsMessageId", snsMessageId);
            return;
        }
        try {
            feedback.apply(event);
        } catch (StoreException e) {
            log.error("feedback.store_failed", e, "eventType", event.eventType(), "sesMessageId",
                    event.sesMessageId(), "snsMessageId", snsMessageId);
            throw e;
        }
    }

    /** Ids from a message that may be forged: bounded and plain before they reach a log line. */
    private static String logSafe(String value) {
        if (value == null) {
            return "";
        }
        String plain = value.replaceAll("[^A-Za-z0-9._:-]", "?");
        return plain.length() > 64 ? plain.substring(0, 64) : plain;
    }

    /**
     * SnapStart priming: a notification from a topic that is not ours, which the verifier rejects
     * before fetching any certificate, and a payload that is not an SNS event. Nothing is read or written.
     */
    public Priming priming() {
        Map<String, Object> sns = new LinkedHashMap<>();
        sns.put("Type", "Notification");
        sns.put("MessageId", "priming");
        sns.put("TopicArn", "arn:aws:sns:us-east-1:000000000000:priming");
        sns.put("Message", "{}");
        sns.put("Timestamp", "2026-01-01T00:00:00.000Z");
        sns.put("SignatureVersion", "2");
        sns.put("Signature", "cHJpbWluZw==");
        sns.put("SigningCertUrl", "https://sns.us-east-1.amazonaws.com/priming.pem");
        String forged = JsonTree.write(Map.of("Records", List.of(Map.of("EventSource", "aws:sns", "Sns", sns))));
        return new Priming(log)
                .step("foreign topic", () -> handleRequest(stream(forged), OutputStream.nullOutputStream(), null))
                .step("not an event", () -> handleRequest(stream("{}"), OutputStream.nullOutputStream(), null));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
