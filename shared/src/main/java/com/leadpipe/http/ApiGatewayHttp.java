package com.leadpipe.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import com.leadpipe.log.Log;

/** Maps API Gateway HTTP API (payload 2.0) events to {@link HttpRequest} and back. */
public final class ApiGatewayHttp {

    private ApiGatewayHttp() {
    }

    /**
     * Runs an endpoint on an event. Unreadable requests get a 400 here; an unexpected failure is
     * logged and answered 500 without details.
     */
    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Function<HttpRequest, HttpResponse> endpoint,
                                                  Log log) {
        HttpRequest request;
        try {
            request = request(event);
        } catch (BadRequestException e) {
            return response(Answers.badRequest(headersOnly(event), e));
        }
        try {
            return Compression.response(request, endpoint.apply(request));
        } catch (RuntimeException e) {
            log.error("http.unhandled", e, "route", String.valueOf(event.getRouteKey()));
            return response(Answers.error(request, 500, "internal", "Something went wrong on our side. Please try again."));
        }
    }

    private static HttpRequest headersOnly(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        return new HttpRequest("GET", "/", Map.of(), Map.of(), headers, new byte[0], "", "localhost", "");
    }

    public static HttpRequest request(APIGatewayV2HTTPEvent event) throws BadRequestException {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = ctx == null ? null : ctx.getHttp();
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
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
        String stage = ctx == null ? null : ctx.getStage();
        String basePath = stage == null || stage.isEmpty() || "$default".equals(stage) ? "" : "/" + stage;
        String host = ctx != null && ctx.getDomainName() != null ? ctx.getDomainName()
                : headers.getOrDefault("host", "localhost");
        return new HttpRequest(
                http != null ? http.getMethod() : "GET",
                event.getRawPath() != null ? event.getRawPath() : "/",
                event.getPathParameters() != null ? event.getPathParameters() : Map.of(),
                // Raw query, strictly decoded: API Gateway's own parsing hides malformed escapes.
                RequestBodies.query(event.getRawQueryString()),
                headers,
                body,
                http != null && http.getSourceIp() != null ? http.getSourceIp() : "",
                host,
                basePath);
    }

    public static APIGatewayV2HTTPResponse response(HttpResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
