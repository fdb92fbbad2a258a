package com.leadpipe.priming;

import com.leadpipe.http.HttpApiStream;
import com.leadpipe.json.JsonTree;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests and events for priming, shaped as Lambda delivers them, that no real visitor sends:
 * they come from a documentation address (203.0.113.0/24, RFC 5737) and carry link tokens nobody
 * minted, so answering them reads at most and writes nothing.
 */
public final class SyntheticEvents {

    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";
    private static final String HOST = "priming.execute-api.invalid";
    private static final String SOURCE_IP = "203.0.113.1";
    /** An address key no address hashes to in practice (SHA-256 of nothing anyone types). */
    public static final String UNUSED_ADDRESS_KEY = "0".repeat(64);
    /** A recipient on a reserved domain (RFC 2606): rendered mail only, never sent. */
    public static final String RECIPIENT = "priming@example.invalid";
    /** The token part of a link token: right shape, never minted (43 characters of base64url). */
    public static final String UNMINTED_TOKEN = "primingprimingprimingprimingprimingprimingp";

    private SyntheticEvents() {
    }

    /** A link token of {@code campaign} that no table holds. */
    public static String unmintedToken(String campaign) {
        return campaign + "." + UNMINTED_TOKEN;
    }

    /** An HTTP API (payload 2.0) request as API Gateway sends it; form bodies base64-encoded. */
    public static HttpApiStream.WireEvent http(String method, String path, String routeKey,
                                               Map<String, String> pathParameters, String rawQuery,
                                               Map<String, String> extraHeaders, String contentType, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", HOST);
        headers.put("user-agent", "leadpipe-priming");
        headers.put("x-forwarded-proto", "https");
        headers.putAll(extraHeaders);
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        boolean base64 = body != null && FORM.equals(contentType);
        return new HttpApiStream.WireEvent(method, path, routeKey, pathParameters, rawQuery, headers,
                base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body, base64,
                SOURCE_IP, HOST, "$default", "priming");
    }

    public static HttpApiStream.WireEvent get(String path, String routeKey, Map<String, String> pathParameters,
                                              String rawQuery) {
        return http("GET", path, routeKey, pathParameters, rawQuery, Map.of(), null, null);
    }

    /** Lambda's SQS event with one message of {@code body}, as the stream handlers read it. */
    public static InputStream sqs(String body) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("messageId", "priming");
        message.put("receiptHandle", "priming");
        message.put("body", body);
        message.put("attributes", Map.of("ApproximateReceiveCount", "1"));
        message.put("messageAttributes", Map.of());
        message.put("eventSource", "aws:sqs");
        message.put("awsRegion", "us-east-1");
        String event = JsonTree.write(Map.of("Records", List.of(message)));
        return new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8));
    }
}
