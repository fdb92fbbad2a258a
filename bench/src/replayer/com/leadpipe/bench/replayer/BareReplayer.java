package com.leadpipe.bench.replayer;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.json.JsonTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * bench/snapstart only, loaded by {@code BareCallAgent} inside the function's JVM over the
 * function's own classes: the SDK calls one request of the function made (as the benchmark's relay
 * saw them), made again alone with bare clients configured as {@link AwsClients#from} configures
 * the function's (same environment, credentials, timeouts), no domain logic around them.
 *
 * <p>Each call is replayed as the function sent it: a stand-in call of the same operation, whose
 * body {@link Replay} swaps for the function's before signing, so the service does the same work
 * (moto's time grows with every update and condition expression). What must differ is in
 * {@link #body}: an unconditional put or update on a fresh partition key (deleted after the
 * timing); a conditional write without its condition, on the items as the function left them.
 * A replay the table still refuses is counted. Mail is sent again as the function sent it (moto
 * keeps it; nobody receives it).
 *
 * <p>Input: one call per line, {@code operation TAB base64(body)}; answer: {@code "ms refused"}.
 */
public final class BareReplayer implements Function<String, String> {

    private final Replay replay = new Replay();
    private final DynamoDbClient dynamo;
    private final SesV2Client ses;
    private final String table;
    private final Map<String, AttributeValue> standIn = Map.of("PK", AttributeValue.fromS("bench-stand-in"),
            "SK", AttributeValue.fromS("BENCH"));

    public BareReplayer() {
        LeadpipeConfig config = LeadpipeConfig.fromEnvironment();
        AwsClients clients = AwsClients.from(config.runtime());
        AwsClients.Timeouts timeouts = config.runtime().sdkTimeouts();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(timeouts.attempt()).apiCallTimeout(timeouts.call()).addExecutionInterceptor(replay)
                .build();
        this.dynamo = clients.configured(DynamoDbClient.builder(), "dynamodb").overrideConfiguration(override).build();
        // As AwsClients.sesV2(): one attempt, never a second send of a mail SES may have taken.
        this.ses = clients.configured(SesV2Client.builder(), "sesv2")
                .overrideConfiguration(override.toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
        this.table = config.tableName();
    }

    @Override
    public String apply(String lines) {
        List<String[]> calls = new ArrayList<>();
        for (String line : lines.split("\n")) {
            if (!line.isBlank()) {
                calls.add(line.split("\t", 2));
            }
        }
        List<byte[]> bodies = new ArrayList<>();
        List<Map<String, AttributeValue>> fresh = new ArrayList<>();
        for (String[] call : calls) {
            bodies.add(body(call[0], new String(Base64.getDecoder().decode(call[1]), StandardCharsets.UTF_8), fresh));
        }
        int refused = 0;
        long started = System.nanoTime();
        for (int i = 0; i < calls.size(); i++) {
            refused += call(calls.get(i)[0], bodies.get(i)) ? 0 : 1;
        }
        double ms = (System.nanoTime() - started) / 1e6;
        for (Map<String, AttributeValue> key : fresh) {
            dynamo.deleteItem(r -> r.tableName(table).key(key));
        }
        return ms + " " + refused;
    }

    /**
     * The body to replay. An unconditional put or update: the function's on a fresh partition key.
     * A conditional write (a single one, or the parts of a transaction): the function's without
     * its conditions, on the items as the function left them, so moto applies every update again
     * instead of refusing at the first condition that held once (a refused transaction skips the
     * updates, the costliest part in moto); a condition check keeps a condition that always holds.
     * What is written again is what the function wrote (same values; counters count twice in the
     * benchmark's table). Reads as sent.
     */
    @SuppressWarnings("unchecked")
    private byte[] body(String operation, String sent, List<Map<String, AttributeValue>> fresh) {
        Object tree = JsonTree.parse(sent);
        if (!(tree instanceof Map<?, ?> parsed)) {
            return sent.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Object> request = new LinkedHashMap<>((Map<String, Object>) parsed);
        switch (operation) {
            case "DynamoDB.UpdateItem", "DynamoDB.PutItem", "DynamoDB.DeleteItem" -> {
                if (request.containsKey("ConditionExpression")) {
                    withoutCondition(request);
                } else if (!operation.equals("DynamoDB.DeleteItem")) {
                    String keyField = operation.equals("DynamoDB.PutItem") ? "Item" : "Key";
                    Map<String, Object> key = new LinkedHashMap<>(JsonTree.object(request, keyField));
                    String pk = "bench-bare-" + UUID.randomUUID();
                    key.put("PK", Map.of("S", pk));
                    request.put(keyField, key);
                    fresh.add(Map.of("PK", AttributeValue.fromS(pk),
                            "SK", AttributeValue.fromS(String.valueOf(JsonTree.string(JsonTree.object(key, "SK"), "S")))));
                }
            }
            case "DynamoDB.TransactWriteItems" -> {
                List<Object> parts = new ArrayList<>();
                for (Object part : JsonTree.array(request, "TransactItems")) {
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) part);
                    for (Map.Entry<String, Object> kind : copy.entrySet()) {
                        Map<String, Object> write = new LinkedHashMap<>((Map<String, Object>) kind.getValue());
                        if (kind.getKey().equals("ConditionCheck")) {
                            write.put("ConditionExpression", "attribute_exists(#benchPk) OR attribute_not_exists(#benchPk)");
                            write.put("ExpressionAttributeNames", Map.of("#benchPk", "PK"));
                            write.remove("ExpressionAttributeValues");
                        } else {
                            withoutCondition(write);
                        }
                        kind.setValue(write);
                    }
                    parts.add(copy);
                }
                request.put("TransactItems", parts);
            }
            default -> {
                return sent.getBytes(StandardCharsets.UTF_8);
            }
        }
        return JsonTree.write(request).getBytes(StandardCharsets.UTF_8);
    }

    private static final Pattern NAME = Pattern.compile("#[A-Za-z0-9_]+");
    private static final Pattern VALUE = Pattern.compile(":[A-Za-z0-9_]+");

    /** Drops the condition, and the names and values only it used (DynamoDB refuses unused ones). */
    private static void withoutCondition(Map<String, Object> write) {
        write.remove("ConditionExpression");
        write.remove("ReturnValuesOnConditionCheckFailure");
        String used = String.valueOf(write.getOrDefault("UpdateExpression", "")) + " "
                + write.getOrDefault("ProjectionExpression", "");
        prune(write, "ExpressionAttributeNames", NAME, used);
        prune(write, "ExpressionAttributeValues", VALUE, used);
    }

    private static void prune(Map<String, Object> write, String field, Pattern token, String expressions) {
        Map<String, Object> entries = JsonTree.object(write, field);
        if (entries.isEmpty()) {
            return;
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        Matcher m = token.matcher(expressions);
        while (m.find()) {
            used.add(m.group());
        }
        Map<String, Object> kept = new LinkedHashMap<>(entries);
        kept.keySet().retainAll(used);
        if (kept.isEmpty()) {
            write.remove(field);
        } else {
            write.put(field, kept);
        }
    }

    /** Makes one stand-in call carrying {@code body}; false when the table refused it (a condition). */
    private boolean call(String operation, byte[] body) {
        replay.body.set(body);
        try {
            switch (operation) {
                case "DynamoDB.GetItem" -> dynamo.getItem(r -> r.tableName(table).key(standIn));
                case "DynamoDB.BatchGetItem" -> dynamo.batchGetItem(r -> r.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(List.of(standIn)).build())));
                case "DynamoDB.TransactWriteItems" -> dynamo.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().conditionCheck(cc -> cc.tableName(table).key(standIn)
                                .conditionExpression("attribute_exists(PK)")).build()));
                case "DynamoDB.UpdateItem" -> dynamo.updateItem(r -> r.tableName(table).key(standIn)
                        .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", "data"))
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("x"))));
                case "DynamoDB.PutItem" -> dynamo.putItem(r -> r.tableName(table).item(standIn));
                case "DynamoDB.DeleteItem" -> dynamo.deleteItem(r -> r.tableName(table).key(standIn));
                case "DynamoDB.Query" -> dynamo.query(r -> r.tableName(table).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", standIn.get("PK"))));
                case "SESv2.SendEmail" -> ses.sendEmail(r -> r.fromEmailAddress("stand-in@example.invalid")
                        .destination(d -> d.toAddresses("stand-in@example.invalid"))
                        .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("x"))))));
                default -> throw new IllegalArgumentException("no bare call for " + operation);
            }
            return true;
        } catch (TransactionCanceledException | ConditionalCheckFailedException refusedAsExpected) {
            return false;
        } finally {
            replay.body.remove();
        }
    }

    /** Puts the function's body, with its length, in place of the stand-in's before signing. */
    static final class Replay implements ExecutionInterceptor {

        final ThreadLocal<byte[]> body = new ThreadLocal<>();

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            byte[] replacement = body.get();
            return replacement == null ? context.httpRequest()
                    : context.httpRequest().toBuilder().putHeader("Content-Length", Integer.toString(replacement.length))
                            .build();
        }

        @Override
        public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            byte[] replacement = body.get();
            return replacement == null ? context.requestBody() : Optional.of(RequestBody.fromBytes(replacement));
        }
    }
}
