package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.http.ApiGatewayHttp;
import com.leadpipe.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayBridgeTest {

    static final FastClock CLOCK = new FastClock(Instant.parse("2026-03-12T19:03:58Z"), 1);
    static final TemplateRoutes.Match SUBSCRIBE = new TemplateRoutes.Match(
            new TemplateRoutes.Route("POST", "/c/{campaign}/subscribe", "SubmitFunction"), Map.of("campaign", "demo"));

    static ApiGatewayBridge.WireRequest request(String method, String query, String contentType, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost:3000"));
        headers.put("User-agent", List.of("Mozilla/5.0 Test"));
        headers.put("Accept", List.of("text/html", "application/xhtml+xml"));
        headers.put("Cookie", List.of("a=1; b=2"));
        if (contentType != null) {
            headers.put("Content-type", List.of(contentType));
        }
        return new ApiGatewayBridge.WireRequest(method, "/c/demo/subscribe", query, headers, "127.0.0.1", 3000,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void formPostArrivesAsApiGatewaySendsIt() {
        APIGatewayV2HTTPEvent event = ApiGatewayBridge.toEvent(
                request("POST", "utm_source=x&tag=a&tag=b%20c", "application/x-www-form-urlencoded", "email=a%40b.c&consent=yes"),
                SUBSCRIBE, CLOCK);

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("POST /c/{campaign}/subscribe");
        assertThat(event.getRawPath()).isEqualTo("/c/demo/subscribe");
        assertThat(event.getRawQueryString()).isEqualTo("utm_source=x&tag=a&tag=b%20c");
        assertThat(event.getQueryStringParameters()).containsEntry("tag", "a,b c").containsEntry("utm_source", "x");
        assertThat(event.getPathParameters()).isEqualTo(Map.of("campaign", "demo"));
        assertThat(event.getHeaders()).containsEntry("user-agent", "Mozilla/5.0 Test")
                .containsEntry("accept", "text/html,application/xhtml+xml")
                .containsEntry("x-forwarded-for", "127.0.0.1").containsEntry("x-forwarded-proto", "http")
                .containsEntry("x-forwarded-port", "3000").doesNotContainKey("cookie");
        assertThat(event.getHeaders().keySet()).allSatisfy(name -> assertThat(name).isLowerCase());
        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8))
                .isEqualTo("email=a%40b.c&consent=yes");

        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        assertThat(ctx.getStage()).isEqualTo("$default");
        assertThat(ctx.getRouteKey()).isEqualTo("POST /c/{campaign}/subscribe");
        assertThat(ctx.getDomainName()).isEqualTo("localhost:3000");
        assertThat(ctx.getHttp().getMethod()).isEqualTo("POST");
        assertThat(ctx.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(ctx.getHttp().getUserAgent()).isEqualTo("Mozilla/5.0 Test");
        assertThat(ctx.getRequestId()).isNotBlank();
        assertThat(ctx.getTime()).startsWith("12/Mar/2026:19:0").endsWith(" +0000");
    }

    @Test
    void theHandlersOwnMappingReadsItBack() throws Exception {
        APIGatewayV2HTTPEvent event = ApiGatewayBridge.toEvent(
                request("POST", null, "application/x-www-form-urlencoded", "email=a%40b.c"), SUBSCRIBE, CLOCK);

        HttpRequest request = ApiGatewayHttp.request(event);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("email=a%40b.c");
        assertThat(request.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(request.publicBaseUrl()).isEqualTo("http://localhost:3000");
        assertThat(request.pathParameters()).containsEntry("campaign", "demo");
    }

    @Test
    void jsonIsTextAndNoBodyIsNull() {
        APIGatewayV2HTTPEvent json = ApiGatewayBridge.toEvent(request("POST", null, "application/json; charset=utf-8",
                "{\"email\":\"a@b.c\"}"), SUBSCRIBE, CLOCK);
        APIGatewayV2HTTPEvent get = ApiGatewayBridge.toEvent(request("GET", null, null, null), SUBSCRIBE, CLOCK);

        assertThat(json.getIsBase64Encoded()).isFalse();
        assertThat(json.getBody()).isEqualTo("{\"email\":\"a@b.c\"}");
        assertThat(get.getBody()).isNull();
        assertThat(get.getIsBase64Encoded()).isFalse();
        assertThat(get.getQueryStringParameters()).isNull();
        assertThat(get.getRawQueryString()).isEmpty();
    }

    @Test
    void responsesGoBackOnTheWire() {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(303)
                .withHeaders(Map.of("location", "/c/demo/thanks"))
                .withMultiValueHeaders(Map.of("vary", List.of("accept", "origin")))
                .withCookies(List.of("s=1; Path=/"))
                .withBody(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))
                .withIsBase64Encoded(true)
                .build();

        ApiGatewayBridge.WireResponse wire = ApiGatewayBridge.toWire(response, "req-1");

        assertThat(wire.status()).isEqualTo(303);
        assertThat(wire.body()).containsExactly(1, 2, 3);
        assertThat(wire.headers()).containsEntry("location", List.of("/c/demo/thanks"))
                .containsEntry("vary", List.of("accept", "origin"))
                .containsEntry("set-cookie", List.of("s=1; Path=/"))
                .containsEntry("apigw-requestid", List.of("req-1"))
                .containsEntry("content-type", List.of("application/json"));
    }
}
