package com.leadpipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class PageViewCounterTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30Z");

    /** A client that is never called: the counter only reads its configuration. */
    private static DynamoDbClientBuilder client() {
        return DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")));
    }

    @Test
    void aViewHasAShareOfTheClientsTimeoutsSoTheSlowTableNeverHoldsThePage() {
        // GIVEN the function's client timeouts (1.5 s an attempt, 2.5 s a call)
        try (DynamoDbClient dynamo = client().overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(1500))
                .apiCallTimeout(Duration.ofMillis(2500))).build()) {
            PageViewCounter views = new PageViewCounter(dynamo, "leads");

            // WHEN two views are counted
            UpdateItemRequest first = views.viewRequest("demo", Map.of("utm_source", "news"), AT, "a");
            UpdateItemRequest second = views.viewRequest("demo", Map.of(), AT, "b");

            // THEN each carries 250 ms an attempt and 625 ms in all
            AwsRequestOverrideConfiguration deadline = first.overrideConfiguration().orElseThrow();
            assertThat(deadline.apiCallAttemptTimeout()).contains(Duration.ofMillis(250));
            assertThat(deadline.apiCallTimeout()).contains(Duration.ofMillis(625));
            assertThat(second.overrideConfiguration()).contains(deadline);
            assertThat(first.key().get("PK").s()).isEqualTo("COUNT#demo");
            assertThat(first.updateExpression()).contains("ADD #c0 :one");
            assertThat(first.expressionAttributeNames()).containsEntry("#c0", "views");
        }
    }

    @Test
    void aClientWithoutTimeoutsGetsTheLambdaDefaultsShare() {
        try (DynamoDbClient dynamo = client().build()) {
            AwsRequestOverrideConfiguration deadline = new PageViewCounter(dynamo, "leads")
                    .viewRequest("demo", Map.of(), AT, "a").overrideConfiguration().orElseThrow();

            assertThat(deadline.apiCallAttemptTimeout()).contains(Duration.ofMillis(250));
            assertThat(deadline.apiCallTimeout()).contains(Duration.ofMillis(625));
        }
    }
}
