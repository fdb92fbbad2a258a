package com.leadpipe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The admin API over HTTP: SigV4-signed for execute-api with the caller's credentials, or
 * unsigned for the local runner. Sent with the SDK's UrlConnection client.
 */
final class AdminApi implements AutoCloseable {

    /** An answer: status, headers (lower-case names) and the body, read on demand. */
    record Answer(int status, Map<String, String> headers, InputStream body) {
        String text() {
            try (InputStream in = body) {
                return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long length() {
            String v = headers.get("content-length");
            return v == null ? -1 : Long.parseLong(v);
        }
    }

    private final URI base;
    private final Optional<AwsCredentialsProvider> credentials;
    private final String region;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)).build();

    /**
     * @param base        the API's base URL (no /admin)
     * @param credentials empty: unsigned (the local runner)
     */
    AdminApi(URI base, Optional<AwsCredentialsProvider> credentials, String region) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.credentials = credentials;
        this.region = region;
    }

    Answer get(String path, Map<String, String> query) {
        return send(SdkHttpMethod.GET, path + query(query), null);
    }

    Answer post(String path, String json) {
        return send(SdkHttpMethod.POST, path, json);
    }

    /** A presigned or public link (an export in S3): never signed again. */
    Answer fetch(URI url) {
        SdkHttpRequest request = SdkHttpRequest.builder().uri(url).method(SdkHttpMethod.GET).build();
        return execute(request, null);
    }

    private Answer send(SdkHttpMethod method, String pathAndQuery, String json) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().uri(URI.create(base + pathAndQuery)).method(method)
                .putHeader("accept", "application/json");
        if (json != null) {
            builder.putHeader("content-type", "application/json");
        }
        SdkHttpRequest request = builder.build();
        ContentStreamProvider payload = json == null ? null : ContentStreamProvider.fromUtf8String(json);
        if (credentials.isPresent()) {
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials.get().resolveCredentials())
                    .request(request)
                    .payload(payload)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            return execute(signed.request(), signed.payload().orElse(null));
        }
        return execute(request, payload);
    }

    private Answer execute(SdkHttpRequest request, ContentStreamProvider payload) {
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(request)
                    .contentStreamProvider(payload).build()).call();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> h : response.httpResponse().headers().entrySet()) {
                headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), String.join(",", h.getValue()));
            }
            return new Answer(response.httpResponse().statusCode(), headers, response.responseBody().orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + request.host() + ": " + e.getMessage(), e);
        }
    }

    static String query(Map<String, String> query) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> q : query.entrySet()) {
            if (q.getValue() != null && !q.getValue().isBlank()) {
                out.append(out.isEmpty() ? '?' : '&').append(q.getKey()).append('=')
                        .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
