package com.leadpipe.functions.nurture;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.nurture.NurtureConfig;
import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The scheduler's DynamoDB work grows with the number of due leads, not with the table: 20,000
 * leads, of which 100 are due, 100 due later and the rest finished.
 */
class NurtureSchedulerScaleIT {

    static final AwsEmulators AWS = AwsEmulators.get();
    static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Counts what the scheduler asks of DynamoDB: requests by operation and items read. */
    static final class Meter implements ExecutionInterceptor {
        final Map<String, AtomicInteger> requests = new HashMap<>();
        final AtomicInteger itemsRead = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            String operation = context.request().getClass().getSimpleName().replace("Request", "");
            synchronized (requests) {
                requests.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            }
            if (context.response() instanceof QueryResponse q) {
                itemsRead.addAndGet(q.count());
            }
        }
    }

    @Test
    void aHundredDueLeadsAmongTwentyThousandCostAHundredReads() throws Exception {
        String table = AWS.createTable();
        String queue = AWS.createQueue("nurture-scale");
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        fill(table, 20_000, 100, 100, now);

        Meter meter = new Meter();
        DynamoDbClient metered = DynamoDbClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(AWS.endpoint("dynamodb")).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build();
        List<String> logs = new ArrayList<>();
        NurtureSchedulerHandler scheduler = new NurtureSchedulerHandler(
                new LeadpipeConfig(table, "x@leadpipe.test", Optional.empty(), Optional.empty(), Duration.ofDays(7), 3),
                new NurtureConfig(queue, 1000, 1, "https://lp.example"), metered, AWS.sqs(), new MutableClock(now),
                new Log("scale", logs::add, Log.Level.INFO, java.time.Clock.systemUTC()));

        Map<String, Object> result = scheduler.handleRequest(Map.of(), null);

        assertThat(result).containsEntry("queued", 100);
        assertThat(meter.itemsRead.get()).isEqualTo(100);
        assertThat(meter.requests.keySet()).containsExactlyInAnyOrder("Query", "UpdateItem"); // no Scan, ever
        assertThat(meter.requests.get("Query").get()).isEqualTo(LeadpipeTable.DUE_SHARDS);
        assertThat(meter.requests.get("UpdateItem").get()).isEqualTo(100); // one lease per due lead
        System.out.printf("scheduler over 20,000 leads: %s requests, %d items read%n", meter.requests,
                meter.itemsRead.get());

        // A second run finds nothing and reads nothing: the queued leads are leased
        meter.itemsRead.set(0);
        meter.requests.clear();
        assertThat(scheduler.handleRequest(Map.of(), null)).containsEntry("queued", 0);
        assertThat(meter.itemsRead.get()).isZero();
        assertThat(meter.requests.keySet()).containsExactly("Query");
    }

    static void fill(String table, int total, int due, int later, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int from = 0; from < total; from += 25) {
                int start = from;
                writes.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>();
                    for (int i = start; i < Math.min(total, start + 25); i++) {
                        String pk = "LEAD#demo#" + HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putInt(i).array());
                        Map<String, AttributeValue> item = new HashMap<>(Map.of("PK", AttributeValue.fromS(pk),
                                "SK", AttributeValue.fromS("LEAD"), "status", AttributeValue.fromS("CONFIRMED")));
                        if (i < due + later) {
                            Instant at = i < due ? now.minusSeconds(60 + i) : now.plus(Duration.ofDays(1));
                            item.put(LeadpipeTable.DUE_SHARD, AttributeValue.fromS(LeadpipeTable.dueShard(pk)));
                            item.put(LeadpipeTable.DUE_AT, AttributeValue.fromS(SORTABLE.format(at)));
                        }
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                    }
                    Map<String, List<WriteRequest>> pending = Map.of(table, batch);
                    while (!pending.isEmpty()) {
                        Map<String, List<WriteRequest>> request = pending;
                        var response = AWS.dynamoDb().batchWriteItem(b -> b.requestItems(request));
                        pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
