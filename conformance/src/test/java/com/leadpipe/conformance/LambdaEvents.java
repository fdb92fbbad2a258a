package com.leadpipe.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Event payloads as the AWS services deliver them to Lambda, as JSON text: HTTP API payload format
 * 2.0, SQS batches, EventBridge scheduled events and SNS notifications. Shapes follow the fixtures in
 * events/ (recorded from real deliveries).
 */
final class LambdaEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORM = "application/x-www-form-urlencoded";
    static final String BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private LambdaEvents() {
    }

    /** One request to an HTTP API route; headers are added to the ones every browser request has. */
    record HttpCall(String rawPath, String rawQuery, String contentType, String body, Map<String, String> headers) {

        static HttpCall get(String rawPath, String rawQuery) {
            return new HttpCall(rawPath, rawQuery, null, null, Map.of());
        }

        static HttpCall post(String rawPath, String rawQuery, String contentType, String body) {
            return new HttpCall(rawPath, rawQuery, contentType, body, Map.of());
        }

        HttpCall with(Map<String, String> extraHeaders) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(extraHeaders);
            return new HttpCall(rawPath, rawQuery, contentType, body, all);
        }
    }

    /**
     * An HTTP API (payload format 2.0) event for the route {@code method routePath} of the template.
     * Form posts arrive base64-encoded with {@code isBase64Encoded: true}, as HTTP APIs send them;
     * JSON bodies as text.
     */
    static String httpApi(String method, String routePath, HttpCall call) {
        // A call may say where it comes from (as API Gateway's peer and X-Forwarded-For): many
        // visitors' signups from one address would meet the per-IP limit.
        String ip = call.headers().getOrDefault("x-forwarded-for", "203.0.113.29");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        headers.put("host", ConformanceStack.apiHost());
        headers.put("user-agent", BROWSER_UA);
        headers.put("x-amzn-trace-id", "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        headers.put("x-forwarded-for", ip);
        headers.put("x-forwarded-port", "443");
        headers.put("x-forwarded-proto", "https");
        if (call.body() != null) {
            headers.put("content-length", Integer.toString(call.body().getBytes(StandardCharsets.UTF_8).length));
            headers.put("content-type", call.contentType());
        }
        call.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));

        ObjectNode event = JSON.createObjectNode();
        String routeKey = method + " " + routePath;
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", call.rawPath());
        event.put("rawQueryString", call.rawQuery() == null ? "" : call.rawQuery());
        ObjectNode h = event.putObject("headers");
        headers.forEach(h::put);
        Map<String, String> query = queryParameters(call.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", ConformanceStack.ACCOUNT_ID);
        context.put("apiId", ConformanceStack.API_ID);
        context.put("domainName", ConformanceStack.apiHost());
        context.put("domainPrefix", ConformanceStack.API_ID);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", call.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", ip);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString().substring(0, 15) + "=");
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        Instant now = Instant.now();
        context.put("time", API_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        Map<String, String> pathParameters = pathParameters(routePath, call.rawPath());
        if (!pathParameters.isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        if (call.body() != null) {
            boolean base64 = FORM.equals(call.contentType());
            event.put("body", base64
                    ? Base64.getEncoder().encodeToString(call.body().getBytes(StandardCharsets.UTF_8)) : call.body());
            event.put("isBase64Encoded", base64);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event.toString();
    }

    /** {@code /c/{campaign}/survey} against {@code /c/demo/survey}: {campaign=demo}. */
    static Map<String, String> pathParameters(String routePath, String rawPath) {
        String[] route = routePath.split("/");
        String[] actual = rawPath.split("/");
        Map<String, String> parameters = new LinkedHashMap<>();
        if (route.length != actual.length) {
            throw new IllegalArgumentException(rawPath + " does not match the route " + routePath);
        }
        for (int i = 0; i < route.length; i++) {
            if (route[i].startsWith("{") && route[i].endsWith("}")) {
                parameters.put(route[i].substring(1, route[i].length() - 1), actual[i]);
            } else if (!route[i].equals(actual[i])) {
                throw new IllegalArgumentException(rawPath + " does not match the route " + routePath);
            }
        }
        return parameters;
    }

    /** As API Gateway decodes them: repeated names joined with commas. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            String name = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /** A message of an SQS batch, as the event source mapping delivers it. */
    record SqsRecord(String messageId, String receiptHandle, String body, Map<String, String> attributes) {

        private static final String POISON_RECEIPT = "conformance-poison-";

        /** Made up here, never on a queue. */
        boolean isPoison() {
            return receiptHandle.startsWith(POISON_RECEIPT);
        }

        static SqsRecord of(Message m) {
            Map<String, String> attributes = new LinkedHashMap<>();
            m.attributesAsStrings().forEach(attributes::put);
            return new SqsRecord(m.messageId(), m.receiptHandle(), m.body(), attributes);
        }

        /** A message no handler can make sense of. */
        static SqsRecord poison(String body) {
            long now = System.currentTimeMillis();
            return new SqsRecord(UUID.randomUUID().toString(), POISON_RECEIPT + UUID.randomUUID(), body,
                    Map.of("ApproximateReceiveCount", "1", "SentTimestamp", Long.toString(now),
                            "SenderId", "AROAEXAMPLE:poison", "ApproximateFirstReceiveTimestamp", Long.toString(now)));
        }
    }

    static String sqs(String queueArn, List<SqsRecord> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (SqsRecord r : records) {
            ObjectNode record = array.addObject();
            record.put("messageId", r.messageId());
            record.put("receiptHandle", r.receiptHandle());
            record.put("body", r.body());
            ObjectNode attributes = record.putObject("attributes");
            r.attributes().forEach(attributes::put);
            attributes.putIfAbsent("ApproximateReceiveCount", JSON.getNodeFactory().textNode("1"));
            record.putObject("messageAttributes");
            record.put("md5OfBody", md5(r.body()));
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", ConformanceStack.REGION);
        }
        return event.toString();
    }

    /** EventBridge's event for a schedule rule. */
    static String scheduled(String ruleName) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", ConformanceStack.ACCOUNT_ID);
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", ConformanceStack.REGION);
        event.putArray("resources").add("arn:aws:events:" + ConformanceStack.REGION + ":" + ConformanceStack.ACCOUNT_ID
                + ":rule/" + ruleName);
        event.putObject("detail");
        return event.toString();
    }

    /** An SNS notification as Lambda delivers it; signature and certificate URL as given. */
    static String sns(String topicArn, String message, Instant timestamp, String signingCertUrl) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", topicArn + ":" + UUID.randomUUID());
        ObjectNode sns = record.putObject("Sns");
        sns.put("Type", "Notification");
        sns.put("MessageId", UUID.randomUUID().toString());
        sns.put("TopicArn", topicArn);
        sns.putNull("Subject");
        sns.put("Message", message);
        sns.put("Timestamp", timestamp.truncatedTo(ChronoUnit.MILLIS).toString());
        sns.put("SignatureVersion", "2");
        // 256 random bytes: the size of a real RSA-2048 signature, signed by nobody
        byte[] forged = new byte[256];
        new java.security.SecureRandom().nextBytes(forged);
        sns.put("Signature", Base64.getEncoder().encodeToString(forged));
        sns.put("SigningCertUrl", signingCertUrl);
        sns.put("UnsubscribeUrl", "https://sns." + ConformanceStack.REGION
                + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + topicArn + ":" + UUID.randomUUID());
        sns.putObject("MessageAttributes");
        return event.toString();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
