package com.leadpipe.priming;

import com.leadpipe.json.JsonTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An {@link SdkHttpClient} that answers DynamoDB, SESv2 and SQS in-process, for priming the real
 * request flows before the SnapStart snapshot: SDK clients built by {@code AwsClients} on it
 * marshal, sign and unmarshal exactly as in production, but no byte leaves the JVM, so nothing
 * can be written to the table or mailed, by construction.
 *
 * <p>Answers are realistic enough for each flow to take its success path: items put (PutItem, the
 * Puts of a transaction) are kept and read back by GetItem and BatchGetItem, simple updates are
 * applied; other writes (Delete, condition checks) succeed and change nothing; queries find nothing; SES accepts
 * every mail (kept, so a flow can follow the link it carries) and knows the sender; SQS accepts
 * every message.
 */
public final class OfflineAws implements SdkHttpClient {

    private static final String DYNAMODB = "DynamoDB_20120810.";
    private static final String SQS = "AmazonSQS.";

    /** Items by "PK\nSK", as the DynamoDB JSON the SDK sent. */
    private final Map<String, Object> items = new HashMap<>();
    private final List<byte[]> mails = new ArrayList<>();
    private long messages;

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request);
            }

            @Override
            public void abort() {
                // Answers are computed in call(); there is nothing in flight to abort.
            }
        };
    }

    @Override
    public String clientName() {
        return "LeadpipeOffline";
    }

    @Override
    public void close() {
        // Nothing to release: no connections.
    }

    /** The raw MIME of every mail SES "accepted", oldest first. */
    public synchronized List<byte[]> mails() {
        return List.copyOf(mails);
    }

    /** Forgets every item and mail (between priming rounds, so the snapshot keeps none of them). */
    public synchronized void clear() {
        items.clear();
        mails.clear();
    }

    private synchronized HttpExecuteResponse answer(HttpExecuteRequest request) {
        byte[] body = body(request);
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        if (target.startsWith(DYNAMODB)) {
            return json("application/x-amz-json-1.0", dynamo(target.substring(DYNAMODB.length()), JsonTree.parse(
                    new String(body, StandardCharsets.UTF_8))), true);
        }
        if (target.startsWith(SQS)) {
            return json("application/x-amz-json-1.0", Map.of("MessageId", "priming-" + (++messages),
                    "MD5OfMessageBody", "00000000000000000000000000000000", "Attributes", Map.of()));
        }
        String path = request.httpRequest().encodedPath();
        if (path.endsWith("/outbound-emails")) {
            Object raw = JsonTree.object(JsonTree.object(JsonTree.parse(new String(body, StandardCharsets.UTF_8)),
                    "Content"), "Raw").get("Data");
            mails.add(java.util.Base64.getDecoder().decode(String.valueOf(raw)));
            return json("application/json", Map.of("MessageId", "priming-" + (++messages)));
        }
        if (path.contains("/identities/")) {
            return json("application/json", Map.of("IdentityType", "EMAIL_ADDRESS", "VerifiedForSendingStatus", true,
                    "VerificationStatus", "SUCCESS", "FeedbackForwardingStatus", true));
        }
        return json("application/json", Map.of());
    }

    private Map<String, Object> dynamo(String operation, Object request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        switch (operation) {
            case "GetItem" -> {
                Object item = items.get(key(JsonTree.object(request, "Key")));
                if (item != null) {
                    answer.put("Item", item);
                }
            }
            case "BatchGetItem" -> {
                Map<String, Object> responses = new LinkedHashMap<>();
                for (Map.Entry<String, Object> table : JsonTree.object(request, "RequestItems").entrySet()) {
                    List<Object> found = new ArrayList<>();
                    for (Object key : JsonTree.array(table.getValue(), "Keys")) {
                        Object item = items.get(key(key));
                        if (item != null) {
                            found.add(item);
                        }
                    }
                    responses.put(table.getKey(), found);
                }
                answer.put("Responses", responses);
                answer.put("UnprocessedKeys", Map.of());
            }
            case "PutItem" -> {
                put(JsonTree.object(request, "Item"));
                answer.put("ConsumedCapacity", consumedCapacity(request));
            }
            case "UpdateItem" -> {
                update(object(request));
                answer.put("ConsumedCapacity", consumedCapacity(request));
            }
            case "TransactWriteItems" -> {
                for (Object part : JsonTree.array(request, "TransactItems")) {
                    Map<String, Object> put = JsonTree.object(part, "Put");
                    if (!put.isEmpty()) {
                        put(JsonTree.object(put, "Item"));
                    }
                    Map<String, Object> update = JsonTree.object(part, "Update");
                    if (!update.isEmpty()) {
                        update(update);
                    }
                }
            }
            case "Query" -> {
                answer.put("Items", List.of());
                answer.put("Count", 0);
                answer.put("ScannedCount", 0);
            }
            default -> {
                // DeleteItem, DescribeTable…: accepted, nothing changes.
            }
        }
        return answer;
    }

    /**
     * What a write answers: DynamoDB sends it when asked, moto always does; unmarshalling it (and
     * its floating-point units) is part of a write's success path either way.
     */
    private static Map<String, Object> consumedCapacity(Object request) {
        return Map.of("TableName", String.valueOf(JsonTree.string(request, "TableName")), "CapacityUnits", 1.0);
    }

    private void put(Map<String, Object> item) {
        items.put(key(item), item);
    }

    /** Applies {@code SET #n = :v} / {@code if_not_exists(#n, :v)} and {@code REMOVE #n}; anything else is left out. */
    @SuppressWarnings("unchecked")
    private void update(Map<String, Object> request) {
        Map<String, Object> keyAttributes = JsonTree.object(request, "Key");
        Map<String, Object> item = new LinkedHashMap<>((Map<String, Object>) items.getOrDefault(key(keyAttributes),
                keyAttributes));
        Map<String, Object> names = JsonTree.object(request, "ExpressionAttributeNames");
        Map<String, Object> values = JsonTree.object(request, "ExpressionAttributeValues");
        String expression = String.valueOf(JsonTree.string(request, "UpdateExpression"));
        String clause = "";
        for (String token : expression.split("(?=\\b(SET|REMOVE|ADD|DELETE)\\s)")) {
            String[] words = token.trim().split("\\s+", 2);
            if (words.length < 2) {
                continue;
            }
            clause = words[0];
            for (String action : words[1].split(",(?![^()]*\\))")) {
                String part = action.trim();
                if (clause.equals("REMOVE")) {
                    item.remove(String.valueOf(names.getOrDefault(part, part)));
                } else if (clause.equals("SET") && part.contains("=")) {
                    String target = part.substring(0, part.indexOf('=')).trim();
                    String value = part.substring(part.indexOf('=') + 1).trim();
                    String name = String.valueOf(names.getOrDefault(target, target));
                    if (value.startsWith(":")) {
                        item.put(name, values.get(value));
                    } else if (value.startsWith("if_not_exists(") && !item.containsKey(name)) {
                        String placeholder = value.substring(value.indexOf(',') + 1, value.lastIndexOf(')')).trim();
                        item.put(name, values.get(placeholder));
                    }
                }
            }
        }
        put(item);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object tree) {
        return tree instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String key(Object item) {
        return JsonTree.string(JsonTree.object(item, "PK"), "S") + "\n" + JsonTree.string(JsonTree.object(item, "SK"), "S");
    }

    private static byte[] body(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpExecuteResponse json(String contentType, Map<String, Object> body) {
        return json(contentType, body, false);
    }

    /**
     * With {@code crc32}, the header DynamoDB (and moto) put on every answer, which the SDK checks
     * through a checksumming stream: so priming loads and compiles that check as a real answer would.
     */
    private static HttpExecuteResponse json(String contentType, Map<String, Object> body, boolean crc32) {
        byte[] bytes = JsonTree.write(body).getBytes(StandardCharsets.UTF_8);
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200).statusText("OK")
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .putHeader("x-amzn-RequestId", "priming");
        if (crc32) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            response.putHeader("x-amz-crc32", Long.toString(crc.getValue()));
        }
        return HttpExecuteResponse.builder()
                .response(response.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }
}
