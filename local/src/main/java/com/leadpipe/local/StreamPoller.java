package com.leadpipe.local;

import com.leadpipe.local.SamTemplate.TemplateException;
import com.leadpipe.testing.TableStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What Lambda's DynamoDB event source mapping does, for one {@code DynamoDB} event of the template:
 * read the table's stream (moto implements the Streams API), invoke the function with Lambda's
 * wire JSON, and with {@code ReportBatchItemFailures} go on from the first record it names; after
 * {@code MaximumRetryAttempts} failures of one record it is skipped (Lambda would send its
 * coordinates to the on-failure queue) and said so on the console. Starts at the stream's end:
 * items the runner reloaded from its data folder are not changes.
 */
public final class StreamPoller {

    private final LocalFunction function;
    private final String eventName;
    private final TableStream stream;
    private final int batchSize;
    private final int maxRetries;
    private final PrintStream console;
    private String failing;
    private int failures;

    private StreamPoller(LocalFunction function, String eventName, TableStream stream, int batchSize, int maxRetries,
                         PrintStream console) {
        this.function = function;
        this.eventName = eventName;
        this.stream = stream;
        this.batchSize = batchSize;
        this.maxRetries = maxRetries;
        this.console = console;
    }

    /** A poller per {@code DynamoDB} event of {@code functions}, on the tables {@code resources} created. */
    public static List<StreamPoller> from(List<LocalFunction> functions, LocalResources resources, DynamoDbClient dynamo,
                                          DynamoDbStreamsClient streams, PrintStream console) {
        Intrinsics intrinsics = resources.intrinsics();
        List<StreamPoller> pollers = new ArrayList<>();
        for (LocalFunction function : functions) {
            for (SamTemplate.Event event : function.spec().events().values()) {
                if (!event.type().equals("DynamoDB") || Boolean.FALSE.equals(event.properties().get("Enabled"))) {
                    continue;
                }
                String where = "Resources." + function.logicalId() + ".Properties.Events." + event.name() + ".Properties";
                String tableId = Intrinsics.target(event.properties().get("Stream"), where + ".Stream");
                String table = resources.tables().get(tableId);
                if (table == null) {
                    throw new TemplateException(where + ".Stream: " + tableId + " is not an AWS::DynamoDB::Table of the template");
                }
                int batchSize = Integer.parseInt(intrinsics.resolve(event.properties().getOrDefault("BatchSize", 100),
                        where + ".BatchSize"));
                int retries = Integer.parseInt(intrinsics.resolve(event.properties().getOrDefault("MaximumRetryAttempts", -1),
                        where + ".MaximumRetryAttempts"));
                pollers.add(new StreamPoller(function, event.name(), TableStream.fromNow(dynamo, streams, table),
                        Math.min(batchSize, 1000), retries < 0 ? Integer.MAX_VALUE : retries, console));
            }
        }
        return pollers;
    }

    public String description() {
        return function.logicalId() + "." + eventName + " <- table stream";
    }

    /** @return how many records were handed over */
    public int pollOnce() {
        List<Map<String, Object>> records;
        try {
            records = stream.next(batchSize);
        } catch (SdkException e) {
            return 0; // moto going down on Ctrl-C; the next tick tries again
        }
        if (records.isEmpty()) {
            return 0;
        }
        Optional<String> failed;
        try {
            Map<?, ?> response = function.invoke(TableStream.event(records), Map.class);
            failed = firstFailure(response);
        } catch (LocalFunction.InvocationException e) {
            console.println("[local] " + description() + ": function failed (" + e.getCause().getClass().getName()
                    + "); the batch comes again");
            failed = Optional.of(sequence(records.get(0)));
        }
        if (failed.isPresent() && failed.get().equals(failing) && ++failures > maxRetries) {
            console.println("[local] " + description() + ": record " + failed.get() + " failed " + failures
                    + " times; skipped (Lambda would send its coordinates to the on-failure queue)");
            int at = indexOf(records, failed.get());
            stream.done(records.subList(0, at + 1), Optional.empty());
            failing = null;
            return records.size();
        }
        if (failed.isPresent() && !failed.get().equals(failing)) {
            failing = failed.get();
            failures = 1;
        }
        stream.done(records, failed);
        return records.size();
    }

    private static Optional<String> firstFailure(Map<?, ?> response) {
        if (response == null || !(response.get("batchItemFailures") instanceof List<?> failures) || failures.isEmpty()) {
            return Optional.empty();
        }
        Object first = failures.get(0) instanceof Map<?, ?> m ? m.get("itemIdentifier") : null;
        return Optional.ofNullable(first).map(String::valueOf);
    }

    private static int indexOf(List<Map<String, Object>> records, String sequence) {
        for (int i = 0; i < records.size(); i++) {
            if (sequence(records.get(i)).equals(sequence)) {
                return i;
            }
        }
        return records.size() - 1;
    }

    private static String sequence(Map<String, Object> record) {
        return String.valueOf(((Map<?, ?>) record.get("dynamodb")).get("SequenceNumber"));
    }
}
