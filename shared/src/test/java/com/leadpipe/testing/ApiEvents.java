package com.leadpipe.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.json.JsonTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** API Gateway HTTP API (payload 2.0) events as API Gateway sends them, for driving handlers. */
public final class ApiEvents {

    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";
    public static final String BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36";

    private ApiEvents() {
    }

    public static APIGatewayV2HTTPEvent subscribe(String campaign, String contentType, String body) {
        return request("POST", "/c/" + campaign + "/subscribe", "POST /c/{campaign}/subscribe",
                Map.of("campaign", campaign), null, contentType, body);
    }

    /** A JSON client: sends JSON and asks for JSON. */
    public static APIGatewayV2HTTPEvent subscribeJson(String campaign, String json) {
        APIGatewayV2HTTPEvent event = subscribe(campaign, JSON, json);
        event.getHeaders().put("accept", JSON);
        return event;
    }

    public static APIGatewayV2HTTPEvent confirmGet(String rawQuery) {
        return request("GET", "/confirm", "GET /confirm", Map.of(), rawQuery, null, null);
    }

    public static APIGatewayV2HTTPEvent confirmPost(String formBody) {
        return request("POST", "/confirm", "POST /confirm", Map.of(), null, FORM, formBody);
    }

    public static APIGatewayV2HTTPEvent surveyGet(String campaign, String rawQuery) {
        return request("GET", "/c/" + campaign + "/survey", "GET /c/{campaign}/survey", Map.of("campaign", campaign),
                rawQuery, null, null);
    }

    public static APIGatewayV2HTTPEvent surveyPost(String campaign, String formBody) {
        return request("POST", "/c/" + campaign + "/survey", "POST /c/{campaign}/survey", Map.of("campaign", campaign),
                null, FORM, formBody);
    }

    public static APIGatewayV2HTTPEvent unsubscribeGet(String rawQuery) {
        return request("GET", "/unsubscribe", "GET /unsubscribe", Map.of(), rawQuery, null, null);
    }

    /** The button on the unsubscribe page: the token in the form body. */
    public static APIGatewayV2HTTPEvent unsubscribePost(String formBody) {
        return request("POST", "/unsubscribe", "POST /unsubscribe", Map.of(), null, FORM, formBody);
    }

    /**
     * A mailbox provider's RFC 8058 one-click POST to a List-Unsubscribe URL, as Gmail sends it
     * (Google's sender guidelines): the URL's query, a form body, no cookie, no user agent.
     */
    public static APIGatewayV2HTTPEvent oneClickUnsubscribe(String rawQuery) {
        APIGatewayV2HTTPEvent event = request("POST", "/unsubscribe", "POST /unsubscribe", Map.of(), rawQuery, FORM,
                "List-Unsubscribe=One-Click");
        event.getHeaders().remove("user-agent");
        return event;
    }

    /**
     * Invokes an HTTP handler as Lambda does: the event as the wire JSON API Gateway sends, the
     * answer read back from the JSON the handler wrote.
     */
    public static APIGatewayV2HTTPResponse invoke(RequestStreamHandler handler, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = ctx == null ? null : ctx.getHttp();
        HttpApiStream.WireEvent wire = new HttpApiStream.WireEvent(http == null ? "GET" : http.getMethod(),
                event.getRawPath(), event.getRouteKey(),
                event.getPathParameters() == null ? Map.of() : event.getPathParameters(), event.getRawQueryString(),
                event.getHeaders() == null ? Map.of() : event.getHeaders(), event.getBody(), event.getIsBase64Encoded(),
                http == null ? null : http.getSourceIp(), ctx == null || ctx.getDomainName() == null ? "localhost"
                        : ctx.getDomainName(), ctx == null ? null : ctx.getStage(),
                ctx == null ? "test" : ctx.getRequestId());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(wire.stream(), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object answer = JsonTree.parse(out.toString(StandardCharsets.UTF_8));
        Map<String, String> headers = new HashMap<>();
        JsonTree.object(answer, "headers").forEach((k, v) -> headers.put(k, String.valueOf(v)));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(((Number) ((Map<?, ?>) answer).get("statusCode")).intValue())
                .withHeaders(headers)
                .withBody(JsonTree.string(answer, "body"))
                .withIsBase64Encoded(Boolean.TRUE.equals(((Map<?, ?>) answer).get("isBase64Encoded")))
                .build();
    }

    /** One of the repository's events/ fixtures (API Gateway's own sample shapes). */
    public static APIGatewayV2HTTPEvent fixture(String name) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + name);
    }

    /** The event with one header set (the fixture's headers map is mutable). */
    public static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        event.getHeaders().put(name, value);
        return event;
    }

    /** The event with one path parameter set. */
    public static APIGatewayV2HTTPEvent withPathParameter(APIGatewayV2HTTPEvent event, String name, String value) {
        event.getPathParameters().put(name, value);
        return event;
    }

    public static APIGatewayV2HTTPEvent page(String campaign, String suffix, String rawQuery) {
        return request("GET", "/c/" + campaign + suffix, "GET /c/{campaign}" + suffix, Map.of("campaign", campaign),
                rawQuery, null, null);
    }

    public static APIGatewayV2HTTPEvent request(String method, String path, String routeKey,
                                                Map<String, String> pathParameters, String rawQuery,
                                                String contentType, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", BROWSER_UA);
        headers.put("x-forwarded-for", "203.0.113.7");
        headers.put("x-forwarded-proto", "https");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("203.0.113.7")
                .withUserAgent(BROWSER_UA).build();
        APIGatewayV2HTTPEvent.RequestContext ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("123456789012").withApiId("abc123")
                .withDomainName("abc123.execute-api.us-east-1.amazonaws.com").withDomainPrefix("abc123")
                .withHttp(http).withRequestId("req-" + System.nanoTime()).withRouteKey(routeKey)
                .withStage("$default").withTimeEpoch(System.currentTimeMillis()).build();
        // API Gateway base64-encodes form bodies; JSON arrives as text.
        boolean base64 = body != null && FORM.equals(contentType);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(routeKey).withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withPathParameters(pathParameters.isEmpty() ? null : new HashMap<>(pathParameters))
                .withRequestContext(ctx)
                .withBody(body == null ? null
                        : base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body)
                .withIsBase64Encoded(base64)
                .build();
    }

    /** A response's body as text, inflated when the function gzipped it (the client sent Accept-Encoding: gzip). */
    public static String body(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse response) {
        if (!response.getIsBase64Encoded()) {
            return response.getBody();
        }
        byte[] bytes = java.util.Base64.getDecoder().decode(response.getBody());
        if (!"gzip".equals(response.getHeaders().get("content-encoding"))) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
