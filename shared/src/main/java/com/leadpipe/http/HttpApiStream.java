package com.leadpipe.http;

import com.leadpipe.json.JsonTree;
import com.leadpipe.log.Log;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * API Gateway HTTP API (payload 2.0) events read, and responses written, as Lambda's wire JSON, for
 * HTTP handlers that are {@code RequestStreamHandler}s.
 *
 * <p>Why bytes and not {@code APIGatewayV2HTTPEvent}: with a typed handler the Lambda runtime
 * (de)serializes the event and the response with its own shaded Jackson, on the first request after
 * every SnapStart restore, where priming cannot reach it. With a stream handler the runtime hands
 * over the bytes, and this class (jackson-core, as {@code SqsBatch} for SQS) is the whole path, so
 * priming that feeds it bytes warms exactly what a visitor's request runs.
 *
 * <p>A handler: {@code HttpApiStream.handle(event, response, endpoint::handle, log)} in
 * {@code handleRequest(InputStream, OutputStream, Context)}.
 */
public final class HttpApiStream {

    private HttpApiStream() {
    }

    /**
     * Reads the event, runs {@code endpoint} and writes its answer. Unreadable requests (bad base64)
     * get a 400; an unexpected failure is logged and answered 500 without details.
     *
     * @throws IllegalArgumentException if the payload is not JSON at all (the invocation fails, as a
     *                                  typed handler's would when the runtime could not read it)
     */
    public static void handle(InputStream event, OutputStream response, Function<HttpRequest, HttpResponse> endpoint,
                              Log log) {
        Object tree = JsonTree.parse(event);
        if (!(tree instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not an HTTP API event: not a JSON object");
        }
        write(ApiGatewayHttp.answer(() -> request(tree), () -> headers(tree), endpoint, log,
                String.valueOf(JsonTree.string(tree, "routeKey"))), response);
    }

    /** The request of an event's JSON tree, as {@link ApiGatewayHttp#request} reads the typed event. */
    static HttpRequest request(Object event) throws BadRequestException {
        Map<String, Object> context = JsonTree.object(event, "requestContext");
        Map<String, Object> http = JsonTree.object(context, "http");
        Map<String, String> headers = headers(event);
        String text = JsonTree.string(event, "body");
        byte[] body;
        if (text == null) {
            body = new byte[0];
        } else if (event instanceof Map<?, ?> wire && Boolean.TRUE.equals(wire.get("isBase64Encoded"))) {
            try {
                body = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(400, "The request body is not valid base64.");
            }
        } else {
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> pathParameters = strings(JsonTree.object(event, "pathParameters"), false);
        String method = JsonTree.string(http, "method");
        String path = JsonTree.string(event, "rawPath");
        String sourceIp = JsonTree.string(http, "sourceIp");
        String domain = JsonTree.string(context, "domainName");
        return ApiGatewayHttp.request(method, path, pathParameters, JsonTree.string(event, "rawQueryString"), headers,
                body, sourceIp, domain, JsonTree.string(context, "stage"));
    }

    private static Map<String, String> headers(Object event) {
        return strings(JsonTree.object(event, "headers"), true);
    }

    private static Map<String, String> strings(Map<String, Object> values, boolean lowerCaseKeys) {
        Map<String, String> strings = new HashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() instanceof String s) {
                strings.put(lowerCaseKeys ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey(), s);
            }
        }
        return strings;
    }

    /** Writes {@code {"statusCode":…,"headers":{…},"body":…,"isBase64Encoded":…}}. */
    public static void write(HttpResponse answer, OutputStream response) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("statusCode", answer.status());
        wire.put("headers", answer.headers());
        wire.put("body", answer.body());
        wire.put("isBase64Encoded", Compression.isBase64(answer));
        try {
            response.write(JsonTree.write(wire).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An event as API Gateway sends it, for priming and tests; {@code body} as on the wire
     * (base64 text when {@code base64}).
     */
    public record WireEvent(String method, String rawPath, String routeKey, Map<String, String> pathParameters,
                            String rawQueryString, Map<String, String> headers, String body, boolean base64,
                            String sourceIp, String domainName, String stage, String requestId) {

        public byte[] toJson() {
            Map<String, Object> http = new LinkedHashMap<>();
            http.put("method", method);
            http.put("path", rawPath);
            http.put("protocol", "HTTP/1.1");
            http.put("sourceIp", sourceIp);
            http.put("userAgent", headers.getOrDefault("user-agent", ""));
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("apiId", domainName.split("\\.", 2)[0]);
            context.put("domainName", domainName);
            context.put("http", http);
            context.put("requestId", requestId);
            context.put("routeKey", routeKey);
            context.put("stage", stage);
            context.put("timeEpoch", 0);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("version", "2.0");
            event.put("routeKey", routeKey);
            event.put("rawPath", rawPath);
            event.put("rawQueryString", rawQueryString == null ? "" : rawQueryString);
            event.put("headers", headers);
            if (!pathParameters.isEmpty()) {
                event.put("pathParameters", pathParameters);
            }
            event.put("requestContext", context);
            if (body != null) {
                event.put("body", body);
            }
            event.put("isBase64Encoded", base64 && body != null);
            return JsonTree.write(event).getBytes(StandardCharsets.UTF_8);
        }

        public InputStream stream() {
            return new ByteArrayInputStream(toJson());
        }
    }
}
