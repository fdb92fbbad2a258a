package com.leadpipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The runner's tables kept across restarts. moto holds DynamoDB in memory only, so every item of
 * the runner's tables is written to one JSON file in the data folder: every {@link #SAVE_INTERVAL}
 * when something changed, and when the runner stops. The next start puts them back before any
 * function runs. A kill -9 loses what was written since the last save.
 *
 * <p>A Scan of whole tables: right for a dev tool's few thousand items, never for production code.
 * The file is replaced atomically, so a crash mid-save leaves the previous snapshot.
 */
final class TableSnapshot implements AutoCloseable {

    static final Duration SAVE_INTERVAL = Duration.ofSeconds(2);
    static final String FORMAT = "leadpipe-local-tables/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int BATCH = 25; // BatchWriteItem's limit

    private final DynamoDbClient dynamoDb;
    private final Path file;
    private final List<String> tables;
    /** Tables in the file the runner does not have (another template): written back as they were. */
    private final Map<String, JsonNode> carried;
    private final PrintStream console;
    private ScheduledExecutorService timer;
    private byte[] lastSaved;
    private boolean failing;

    private TableSnapshot(DynamoDbClient dynamoDb, Path file, List<String> tables, Map<String, JsonNode> carried,
                          byte[] lastSaved, PrintStream console) {
        this.dynamoDb = dynamoDb;
        this.file = file;
        this.tables = tables;
        this.carried = carried;
        this.lastSaved = lastSaved;
        this.console = console;
    }

    /**
     * Puts the items saved in {@code file} (if any) into {@code tables}, which must exist and be
     * empty, and returns a snapshot that saves them there from now on ({@link #startSaving()}).
     */
    static TableSnapshot restore(DynamoDbClient dynamoDb, Path file, Collection<String> tables, PrintStream console) {
        Map<String, JsonNode> carried = new LinkedHashMap<>();
        byte[] saved = null;
        if (Files.isRegularFile(file)) {
            JsonNode root;
            try {
                saved = Files.readAllBytes(file);
                root = JSON.readTree(saved);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the saved tables in " + file + " (move it away to start"
                        + " with empty tables)", e);
            }
            if (!FORMAT.equals(root.path("format").asText())) {
                throw new IllegalStateException(file + " is not a table snapshot of this runner (format "
                        + root.path("format") + "); move it away to start with empty tables.");
            }
            int restored = 0;
            for (Map.Entry<String, JsonNode> table : root.path("tables").properties()) {
                if (tables.contains(table.getKey())) {
                    restored += put(dynamoDb, table.getKey(), table.getValue());
                } else {
                    carried.put(table.getKey(), table.getValue());
                }
            }
            console.println("[local] restored " + restored + " items from " + file
                    + (carried.isEmpty() ? "" : " (kept, not loaded: tables " + carried.keySet() + ")"));
        }
        return new TableSnapshot(dynamoDb, file, List.copyOf(tables), carried, saved, console);
    }

    /** Saves every {@link #SAVE_INTERVAL} from now until {@link #close()}. */
    synchronized void startSaving() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leadpipe-local-snapshot");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::saveQuietly, SAVE_INTERVAL.toMillis(), SAVE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Writes every item of the runner's tables to the file, unless they are what was last saved.
     *
     * @return whether the file was written
     */
    synchronized boolean save() {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        ObjectNode all = root.putObject("tables");
        for (String table : tables) {
            ArrayNode items = all.putArray(table);
            dynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
                    .forEach(item -> items.add(DynamoJson.item(item)));
        }
        carried.forEach(all::set);
        try {
            byte[] bytes = JSON.writeValueAsBytes(root);
            if (Arrays.equals(bytes, lastSaved)) {
                return false;
            }
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastSaved = bytes;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the tables to " + file, e);
        }
    }

    /** Stops the timer and saves a last time, saying how that went. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = timer;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            save();
            console.println("[local] tables saved to " + file);
        } catch (RuntimeException e) {
            console.println("[local] could not save the tables on stop (" + e.getMessage() + "); " + file
                    + " keeps the last save");
        }
    }

    /** For the timer: a failed save is said once, and the previous file stays. */
    private synchronized void saveQuietly() {
        try {
            save();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                console.println("[local] saving the tables failed (the last saved copy stays): " + e);
            }
            failing = true;
        }
    }

    private static int put(DynamoDbClient dynamoDb, String table, JsonNode items) {
        List<WriteRequest> writes = new ArrayList<>();
        for (JsonNode node : items) {
            Map<String, AttributeValue> item = DynamoJson.item(node);
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + BATCH));
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 10) {
                    throw new IllegalStateException("could not restore every item of " + table);
                }
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        return writes.size();
    }
}
