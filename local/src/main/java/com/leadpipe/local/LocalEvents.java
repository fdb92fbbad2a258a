package com.leadpipe.local;

import com.leadpipe.json.JsonTree;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What subscribers of the template's event buses would get: a rule on each bus (in moto, as on
 * AWS) sends every event to a local queue, read here into {@code /_local/events}; with
 * {@code --webhook URL} each event is also POSTed there (EventBridge's API destination sends the
 * event envelope as JSON), retried with backoff as EventBridge retries, at most
 * {@link #WEBHOOK_ATTEMPTS} times.
 */
public final class LocalEvents implements AutoCloseable {

    static final int WEBHOOK_ATTEMPTS = 5;
    static final int KEPT = 500;

    private final SqsClient sqs;
    private final List<String> queueUrls;
    private final Optional<URI> webhook;
    private final PrintStream console;
    private final List<Map<String, Object>> newestFirst = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService deliveries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "leadpipe-local-webhook");
        t.setDaemon(true);
        return t;
    });

    private LocalEvents(SqsClient sqs, List<String> queueUrls, Optional<URI> webhook, PrintStream console) {
        this.sqs = sqs;
        this.queueUrls = queueUrls;
        this.webhook = webhook;
        this.console = console;
    }

    /** A capture rule and queue on each bus of {@code buses} (name by logical id). */
    public static LocalEvents create(Map<String, String> buses, EventBridgeClient events, SqsClient sqs,
                                     Optional<URI> webhook, PrintStream console) {
        List<String> urls = new ArrayList<>();
        for (String bus : buses.values()) {
            String url = sqs.createQueue(r -> r.queueName(bus + "-local-capture")).queueUrl();
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(r -> r.name("local-capture").eventBusName(bus)
                    .eventPattern("{\"source\":[{\"prefix\":\"\"}]}"));
            events.putTargets(r -> r.rule("local-capture").eventBusName(bus).targets(t -> t.id("local").arn(arn)));
            urls.add(url);
        }
        return new LocalEvents(sqs, urls, webhook, console);
    }

    /** Reads what the buses delivered since the last call. @return how many */
    public int pollOnce() {
        int n = 0;
        for (String url : queueUrls) {
            List<Message> batch;
            try {
                batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            } catch (SdkException e) {
                return n;
            }
            for (Message m : batch) {
                if (JsonTree.parse(m.body()) instanceof Map<?, ?> envelope) {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("detail-type", envelope.get("detail-type"));
                    event.put("source", envelope.get("source"));
                    event.put("time", envelope.get("time"));
                    event.put("detail", envelope.get("detail"));
                    newestFirst.add(0, event);
                    webhook.ifPresent(url2 -> deliver(url2, m.body(), 1));
                    n++;
                }
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        while (newestFirst.size() > KEPT) {
            newestFirst.remove(newestFirst.size() - 1);
        }
        return n;
    }

    /** Newest first: {@code detail-type}, {@code source}, {@code time}, {@code detail}. */
    public List<Map<String, Object>> events() {
        return List.copyOf(newestFirst);
    }

    public String json() {
        return JsonTree.write(events());
    }

    /** A 2xx is delivered; anything else, or no answer, is tried again after 1, 2, 4, 8 s. */
    private void deliver(URI url, String body, int attempt) {
        deliveries.execute(() -> {
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (status / 100 == 2) {
                return;
            }
            if (attempt >= WEBHOOK_ATTEMPTS) {
                console.println("[local] webhook " + url + ": gave up after " + attempt + " attempts (last: "
                        + (status == 0 ? "no answer" : status) + "); EventBridge would put it in the webhook's DLQ");
                return;
            }
            deliveries.schedule(() -> deliver(url, body, attempt + 1), 1L << (attempt - 1), TimeUnit.SECONDS);
        });
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
    }
}
