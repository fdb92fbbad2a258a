package com.leadpipe.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.json.JsonTree;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Translates between HTTP and the HTTP API's Lambda payload 2.0, as API Gateway does: header names
 * lower-cased and repeated headers joined with commas, cookies moved to {@code cookies}, the query
 * kept raw and parsed, path parameters from the matched route, {@code $default} stage, and the
 * body base64-encoded unless it is text (so form posts arrive base64, as they do in AWS).
 */
public final class ApiGatewayBridge {

    /** A request as it came off the wire. Header names in any case. */
    public record WireRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                              String sourceIp, int localPort, byte[] body) {
    }

    /** What goes back on the wire. */
    public record WireResponse(int status, Map<String, List<String>> headers, byte[] body) {
    }

    public static final String API_ID = "local";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Content types API Gateway passes as text; everything else is base64-encoded. */
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml",
            "application/javascript", "application/ecmascript");

    private ApiGatewayBridge() {
    }

    public static APIGatewayV2HTTPEvent toEvent(WireRequest wire, TemplateRoutes.Match match, Clock clock) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        wire.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> List.of(v.split(";")).forEach(c -> {
                    if (!c.isBlank()) {
                        cookies.add(c.strip());
                    }
                }));
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        // Added by API Gateway in front of every integration.
        headers.merge("x-forwarded-for", wire.sourceIp(), (existing, ip) -> existing + ", " + ip);
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", Integer.toString(wire.localPort()));
        String host = headers.getOrDefault("host", "localhost:" + wire.localPort());
        Instant now = clock.instant();
        String requestId = UUID.randomUUID().toString();

        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(wire.method())
                .withPath(wire.rawPath())
                .withProtocol("HTTP/1.1")
                .withSourceIp(wire.sourceIp())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId(LocalAws.ACCOUNT_ID)
                .withApiId(API_ID)
                // The Host the browser used, port included: the "domain" this API was reached at.
                .withDomainName(host)
                .withDomainPrefix(host.split("[.:]", 2)[0])
                .withHttp(http)
                .withRequestId(requestId)
                .withRouteKey(match.route().routeKey())
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .build();

        APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(match.route().routeKey())
                .withRawPath(wire.rawPath())
                .withRawQueryString(wire.rawQuery() == null ? "" : wire.rawQuery())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(wire.rawQuery()))
                .withPathParameters(match.pathParameters().isEmpty() ? null : new LinkedHashMap<>(match.pathParameters()))
                .withRequestContext(context)
                .withIsBase64Encoded(false);
        if (wire.body().length > 0) {
            if (isText(headers.get("content-type"))) {
                event.withBody(new String(wire.body(), StandardCharsets.UTF_8));
            } else {
                event.withBody(Base64.getEncoder().encodeToString(wire.body())).withIsBase64Encoded(true);
            }
        }
        return event.build();
    }

    /** The function's answer as HTTP, with API Gateway's request id header. */
    public static WireResponse toWire(APIGatewayV2HTTPResponse response, String requestId) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> headers.put(name, new ArrayList<>(List.of(value))));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) ->
                    headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        }
        if (response.getCookies() != null && !response.getCookies().isEmpty()) {
            headers.computeIfAbsent("set-cookie", n -> new ArrayList<>()).addAll(response.getCookies());
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && headers.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("content-type"))) {
            headers.put("content-type", List.of("application/json")); // API Gateway's default for payload 2.0
        }
        headers.put("apigw-requestid", List.of(requestId));
        return new WireResponse(response.getStatusCode(), headers, bytes);
    }

    /** What API Gateway answers itself: no route, or a function that failed. */
    /** HTTP API's quota for the request line and header values together. */
    static final int MAX_REQUEST_HEAD = 10_240;

    /** 414 when the request line alone is past HTTP API's quota, 431 when the headers take it past. */
    static Optional<WireResponse> oversizedHead(String method, String uri, String protocol,
                                                Map<String, List<String>> headers) {
        int head = method.length() + uri.length() + protocol.length() + 4;
        if (head > MAX_REQUEST_HEAD) {
            return Optional.of(gatewayError(414, "Request-URI Too Long"));
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                head += header.getKey().length() + value.length() + 4;
            }
        }
        return head > MAX_REQUEST_HEAD ? Optional.of(gatewayError(431, "Request Header Fields Too Large"))
                : Optional.empty();
    }

    public static WireResponse gatewayError(int status, String message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        return new WireResponse(status, headers,
                JsonTree.write(Map.of("message", message)).getBytes(StandardCharsets.UTF_8));
    }

    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TEXT_TYPES.contains(type) || type.endsWith("+json") || type.endsWith("+xml");
    }

    /** Decoded, repeated names joined with commas, as payload 2.0 does; null when there is no query. */
    static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s; // the function parses the raw query strictly and answers 400 itself
        }
    }
}
