package com.leadpipe.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the domain sees it: no Lambda types, so services and the local runner share it.
 *
 * @param headers  header names lower-cased (API Gateway v2 does that already)
 * @param basePath path prefix of the API's stage ("" for the $default stage), for redirects
 * @param host     the public host name the request came to, for links when none is configured
 */
public record HttpRequest(
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        String sourceIp,
        String host,
        String basePath) {

    public HttpRequest {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String userAgent() {
        return header("user-agent").orElse("");
    }

    /** Media type without parameters, lower-cased; "" when absent. */
    public String contentType() {
        String value = headers.get("content-type");
        return value == null ? "" : value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** The charset parameter of Content-Type, when one was sent. */
    public Optional<String> contentTypeCharset() {
        String value = headers.get("content-type");
        for (String part : value == null ? new String[0] : value.split(";")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                return Optional.of(p.substring("charset=".length()).replace("\"", ""));
            }
        }
        return Optional.empty();
    }

    /** A script or app wants JSON back: it sent JSON or asked for it. Browsers posting forms don't. */
    public boolean wantsJson() {
        return "application/json".equals(contentType())
                || headers.getOrDefault("accept", "").toLowerCase(Locale.ROOT).contains("application/json");
    }

    /** Absolute base URL of this API as the visitor reached it, e.g. https://abc.execute-api.../prod. */
    public String publicBaseUrl() {
        String proto = header("x-forwarded-proto").orElse("https");
        return proto + "://" + host + basePath;
    }
}
