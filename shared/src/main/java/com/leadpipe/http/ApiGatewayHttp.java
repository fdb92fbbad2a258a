package com.leadpipe.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.log.Log;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps API Gateway HTTP API (payload 2.0) events to {@link HttpRequest} and back.
 *
 * <p>The typed form ({@code APIGatewayV2HTTPEvent}) is for handlers not yet converted to stream
 * handlers: the shipped HTTP functions read and write the wire JSON with {@link HttpApiStream},
 * so the runtime's own serializer stays off the first request after a SnapStart restore.
 */
public final class ApiGatewayHttp {

    private ApiGatewayHttp() {
    }

    /** Reads a request; may refuse it with a 400. */
    @FunctionalInterface
    interface RequestReader {
        HttpRequest read() throws BadRequestException;
    }

    /**
     * Runs an endpoint on an event. Unreadable requests get a 400 here; an unexpected failure is
     * logged and answered 500 without details.
     */
    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Function<HttpRequest, HttpResponse> endpoint,
                                                  Log log) {
        return response(answer(() -> request(event), () -> lowerCase(event.getHeaders()), endpoint, log,
                String.valueOf(event.getRouteKey())));
    }

    /** The endpoint's answer to what {@code reader} reads: 400 if it cannot, 500 if the endpoint fails. */
    static HttpResponse answer(RequestReader reader, Supplier<Map<String, String>> headers,
                               Function<HttpRequest, HttpResponse> endpoint, Log log, String route) {
        HttpRequest request;
        try {
            request = reader.read();
        } catch (BadRequestException e) {
            return Answers.badRequest(headersOnly(headers.get()), e);
        }
        try {
            return Compression.encode(request, endpoint.apply(request));
        } catch (RuntimeException e) {
            log.error("http.unhandled", e, "route", route);
            return Answers.error(request, 500, "internal", "Something went wrong on our side. Please try again.");
        }
    }

    private static HttpRequest headersOnly(Map<String, String> headers) {
        return new HttpRequest("GET", "/", Map.of(), Map.of(), headers, new byte[0], "", "localhost", "");
    }

    private static Map<String, String> lowerCase(Map<String, String> raw) {
        Map<String, String> headers = new HashMap<>();
        if (raw != null) {
            raw.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        return headers;
    }

    public static HttpRequest request(APIGatewayV2HTTPEvent event) throws BadRequestException {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = ctx == null ? null : ctx.getHttp();
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(400, "The request body is not valid base64.");
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        return request(http == null ? null : http.getMethod(), event.getRawPath(), event.getPathParameters(),
                event.getRawQueryString(), lowerCase(event.getHeaders()), body, http == null ? null : http.getSourceIp(),
                ctx == null ? null : ctx.getDomainName(), ctx == null ? null : ctx.getStage());
    }

    /** The request from an event's parts (any may be null); {@code headers} already lower-cased. */
    static HttpRequest request(String method, String rawPath, Map<String, String> pathParameters, String rawQuery,
                               Map<String, String> headers, byte[] body, String sourceIp, String domainName,
                               String stage) throws BadRequestException {
        String basePath = stage == null || stage.isEmpty() || "$default".equals(stage) ? "" : "/" + stage;
        String host = domainName != null ? domainName : headers.getOrDefault("host", "localhost");
        return new HttpRequest(
                method != null ? method : "GET",
                rawPath != null ? rawPath : "/",
                pathParameters != null ? pathParameters : Map.of(),
                // Raw query, strictly decoded: API Gateway's own parsing hides malformed escapes.
                RequestBodies.query(rawQuery),
                headers,
                body,
                sourceIp != null ? sourceIp : "",
                host,
                basePath);
    }

    public static APIGatewayV2HTTPResponse response(HttpResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(Compression.isBase64(response))
                .build();
    }
}
