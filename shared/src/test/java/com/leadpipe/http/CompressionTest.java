package com.leadpipe.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.testing.DesignSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {

    static HttpRequest request(Map<String, String> headers) {
        return new HttpRequest("GET", "/c/demo", Map.of(), Map.of(), headers, new byte[0], "", "localhost", "");
    }

    @Test
    void aPageIsGzippedOnlyForAClientThatAcceptsIt() throws IOException {
        // GIVEN the landing page
        HttpResponse page = HttpResponse.html(200, DesignSamples.pages().get("landing"));

        // WHEN a browser that accepts gzip asks, and then a client that does not
        APIGatewayV2HTTPResponse gzipped = Compression.response(request(Map.of("accept-encoding", "gzip, deflate, br")), page);
        APIGatewayV2HTTPResponse plain = Compression.response(request(Map.of()), page);
        APIGatewayV2HTTPResponse refused = Compression.response(request(Map.of("accept-encoding", "gzip;q=0, br")), page);

        // THEN the first gets base64 gzip bytes that inflate to the same page, much smaller; the others the text
        assertThat(gzipped.getIsBase64Encoded()).isTrue();
        assertThat(gzipped.getHeaders()).containsEntry("content-encoding", "gzip").containsEntry("vary", "accept-encoding")
                .containsEntry("content-type", "text/html; charset=utf-8");
        byte[] bytes = Base64.getDecoder().decode(gzipped.getBody());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(page.body());
        }
        assertThat(bytes.length).isLessThan(page.body().length() / 2);
        assertThat(plain.getIsBase64Encoded()).isFalse();
        assertThat(plain.getBody()).isEqualTo(page.body());
        assertThat(plain.getHeaders()).doesNotContainKey("content-encoding");
        assertThat(refused.getHeaders()).doesNotContainKey("content-encoding");
    }

    @Test
    void smallAnswersAndRedirectsStayAsTheyAre() {
        // GIVEN a redirect and a short text, asked for with gzip
        HttpRequest browser = request(Map.of("accept-encoding", "gzip"));

        // THEN neither is compressed
        assertThat(Compression.response(browser, HttpResponse.seeOther("/c/demo/thanks")).getHeaders())
                .doesNotContainKey("content-encoding");
        assertThat(Compression.response(browser, HttpResponse.text(200, "ok")).getIsBase64Encoded()).isFalse();
    }
}
