package com.leadpipe.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip for pages, when the client says it takes it ({@code Accept-Encoding: gzip}): a landing page
 * shrinks to about a quarter. API Gateway HTTP APIs do not compress, so the function does, and
 * hands the bytes over base64-encoded with {@code Content-Encoding: gzip}, as the payload format
 * requires for binary bodies.
 */
public final class Compression {

    /** Below this the gzip header and the base64 step cost more than they save. */
    static final int MIN_BYTES = 1024;

    private Compression() {
    }

    /** The response for API Gateway: gzipped when asked for and worth it, plain otherwise. */
    public static APIGatewayV2HTTPResponse response(HttpRequest request, HttpResponse response) {
        return ApiGatewayHttp.response(encode(request, response));
    }

    /**
     * The response as it goes on the wire: when gzipped, its body is the base64 of the gzip bytes
     * and it carries {@code Content-Encoding: gzip}, which is how {@link #isBase64} tells it apart.
     */
    public static HttpResponse encode(HttpRequest request, HttpResponse response) {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        String type = response.headers().getOrDefault("content-type", "");
        if (body.length < MIN_BYTES || isBase64(response) || !acceptsGzip(request)
                || !(type.startsWith("text/") || type.contains("json"))) {
            return response;
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("content-encoding", "gzip");
        headers.put("vary", "accept-encoding");
        return new HttpResponse(response.status(), headers, Base64.getEncoder().encodeToString(gzip(body)));
    }

    /** Whether the body is base64 of compressed bytes (only {@link #encode} makes such answers). */
    public static boolean isBase64(HttpResponse response) {
        return response.headers().containsKey("content-encoding");
    }

    static boolean acceptsGzip(HttpRequest request) {
        for (String coding : request.header("accept-encoding").orElse("").toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equals("gzip") && !(parts.length > 1 && parts[1].replace(" ", "").matches("q=0(\\.0*)?"))) {
                return true;
            }
        }
        return false;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached: an in-memory stream
        }
        return out.toByteArray();
    }
}
