package com.leadpipe.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The funnel's first step: one {@code ADD views :one} on the campaign's counter item of the day
 * and UTM source, medium and campaign ({@link CounterRepository}). A view changes nothing else,
 * so it is counted on its own, not in a transaction, and best effort: the page is what the
 * visitor came for, so the count has a deadline of its own (a share of the client's timeouts)
 * and a failure is the caller's to log, never the visitor's to see.
 */
public final class PageViewCounter {

    /** In Lambda (the SDK's 1.5 s / 2.5 s): 250 ms an attempt, 625 ms in all, then the page goes out uncounted. */
    static final int ATTEMPT_SHARE = 6;
    static final int CALL_SHARE = 4;
    private static final Duration FALLBACK_ATTEMPT = Duration.ofMillis(250);
    private static final Duration FALLBACK_CALL = Duration.ofMillis(625);

    private final DynamoTable table;
    private final CounterRepository counters;
    /** Built once: every view's request carries the same deadline. */
    private final AwsRequestOverrideConfiguration deadline;

    /** The count's deadline is a share of the client's own timeouts, so an emulator's longer ones scale it too. */
    public PageViewCounter(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
        this.counters = new CounterRepository(this.table);
        Optional<ClientOverrideConfiguration> client = Optional.ofNullable(dynamo.serviceClientConfiguration())
                .map(c -> c.overrideConfiguration());
        Duration attemptTimeout = client.flatMap(ClientOverrideConfiguration::apiCallAttemptTimeout)
                .map(d -> d.dividedBy(ATTEMPT_SHARE)).orElse(FALLBACK_ATTEMPT);
        Duration callTimeout = client.flatMap(ClientOverrideConfiguration::apiCallTimeout)
                .map(d -> d.dividedBy(CALL_SHARE)).orElse(FALLBACK_CALL);
        this.deadline = AwsRequestOverrideConfiguration.builder().apiCallTimeout(callTimeout)
                .apiCallAttemptTimeout(attemptTimeout).build();
    }

    /**
     * @param attribution the page's {@code utm_source}, {@code utm_medium} and {@code utm_campaign}
     * @param spread      any value that differs between views (the request id): picks the counter's
     *                    shard, so a busy page's views do not all land on one item
     * @throws StoreException if DynamoDB did not take the count in time
     */
    public void count(String campaignId, Map<String, String> attribution, Instant at, String spread) {
        table.write(viewRequest(campaignId, attribution, at, spread), "cannot count a page view");
    }

    /**
     * SnapStart priming: the same request to the real table under a condition that never holds, so
     * it makes the round trip and is refused without writing (a view counted by priming would be
     * a view nobody made).
     *
     * @return true: refused as meant; false only if the table took it (which it cannot)
     */
    public boolean rehearse(String campaignId, Instant at) {
        UpdateItemRequest request = viewRequest(campaignId, Map.of("utm_source", "priming"), at, "priming");
        UpdateItemRequest refused = request.toBuilder()
                .conditionExpression("attribute_exists(#primingNever)") // no counter item has it
                .expressionAttributeNames(with(request.expressionAttributeNames(), "#primingNever", "primingNever"))
                .build();
        return table.writeIf(refused, "cannot rehearse a page view").isEmpty();
    }

    UpdateItemRequest viewRequest(String campaignId, Map<String, String> attribution, Instant at, String spread) {
        return counters.request(campaignId, spread, attribution, at, CounterRepository.Step.VIEWS).toBuilder()
                .overrideConfiguration(deadline)
                .build();
    }

    private static Map<String, String> with(Map<String, String> names, String name, String attribute) {
        java.util.Map<String, String> all = new java.util.HashMap<>(names);
        all.put(name, attribute);
        return all;
    }
}
