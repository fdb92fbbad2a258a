package com.leadpipe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.json.JsonTree;
import com.leadpipe.log.Log;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpApiStreamTest {

    private final List<String> lines = new ArrayList<>();
    private final Log log = new Log("test", lines::add, Log.Level.INFO, Clock.systemUTC());

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = HttpApiStreamTest.class.getClassLoader().getResourceAsStream("events/" + name)) {
            assertThat(in).as("events/" + name).isNotNull();
            return in.readAllBytes();
        }
    }

    private Object handle(byte[] event, java.util.function.Function<HttpRequest, HttpResponse> endpoint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpApiStream.handle(new ByteArrayInputStream(event), out, endpoint, log);
        return JsonTree.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static int status(Object answer) {
        return ((Number) ((Map<?, ?>) answer).get("statusCode")).intValue();
    }

    @Test
    void readsApiGatewaysFormPostAsSent() throws IOException {
        // GIVEN API Gateway's payload 2.0 of a browser form post (base64 body)
        AtomicReference<HttpRequest> seen = new AtomicReference<>();

        // WHEN the adapter hands it to an endpoint
        handle(fixture("subscribe-form.json"), request -> {
            seen.set(request);
            return HttpResponse.text(200, "ok");
        });

        // THEN the endpoint sees the request as a typed handler would have
        HttpRequest request = seen.get();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/c/demo/subscribe");
        assertThat(request.pathParameters()).containsExactly(Map.entry("campaign", "demo"));
        assertThat(new String(request.body(), StandardCharsets.UTF_8))
                .isEqualTo("email=ada%40example.com&consent=yes&firstName=Ada&website=");
        assertThat(request.sourceIp()).isEqualTo("203.0.113.42");
        assertThat(request.header("content-type")).contains("application/x-www-form-urlencoded");
        assertThat(request.host()).isEqualTo("a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com");
        assertThat(request.basePath()).isEmpty();
    }

    @Test
    void readsTheQueryRawAndMixedCaseHeadersLowerCased() {
        // GIVEN a GET with a query and a header name in capitals
        byte[] event = new HttpApiStream.WireEvent("GET", "/confirm", "GET /confirm", Map.of(), "t=a%2Bb&x=1",
                Map.of("User-Agent", "UA"), null, false, "203.0.113.9", "api.example.com", "prod", "r1").toJson();
        AtomicReference<HttpRequest> seen = new AtomicReference<>();

        // WHEN it is handled
        handle(event, request -> {
            seen.set(request);
            return HttpResponse.text(200, "ok");
        });

        // THEN the query is decoded strictly from the raw string, headers are lower-case, the stage is the base path
        assertThat(seen.get().query()).containsEntry("t", "a+b").containsEntry("x", "1");
        assertThat(seen.get().header("user-agent")).contains("UA");
        assertThat(seen.get().basePath()).isEqualTo("/prod");
    }

    @Test
    void writesTheAnswerAsLambdasHttpApiResponse() {
        // GIVEN an endpoint that redirects
        byte[] event = new HttpApiStream.WireEvent("GET", "/", "GET /", Map.of(), "", Map.of(), null, false,
                "203.0.113.9", "api.example.com", "$default", "r1").toJson();

        // WHEN it answers
        Object answer = handle(event, request -> HttpResponse.seeOther("/c/demo/thanks"));

        // THEN the response is the wire JSON API Gateway reads
        assertThat(status(answer)).isEqualTo(303);
        assertThat(JsonTree.object(answer, "headers")).containsEntry("location", "/c/demo/thanks");
        assertThat(((Map<?, ?>) answer).get("isBase64Encoded")).isEqualTo(false);
        assertThat(answer).extracting(a -> ((Map<?, ?>) a).containsKey("body")).isEqualTo(true);
    }

    @Test
    void aBodyThatIsNotBase64IsA400AndTheEndpointDoesNotRun() {
        // GIVEN a form post whose body claims base64 but is not
        byte[] event = new HttpApiStream.WireEvent("POST", "/c/demo/subscribe", "POST /c/{campaign}/subscribe",
                Map.of("campaign", "demo"), "", Map.of("accept", "application/json"), "%%%", true, "203.0.113.9",
                "api.example.com", "$default", "r1").toJson();
        List<HttpRequest> seen = new ArrayList<>();

        // WHEN it is handled
        Object answer = handle(event, request -> {
            seen.add(request);
            return HttpResponse.text(200, "ok");
        });

        // THEN it is refused before the endpoint
        assertThat(status(answer)).isEqualTo(400);
        assertThat(seen).isEmpty();
    }

    @Test
    void anEndpointFailureIsA500WithoutDetailsAndLogged() {
        byte[] event = new HttpApiStream.WireEvent("GET", "/", "GET /", Map.of(), "", Map.of(), null, false,
                "203.0.113.9", "api.example.com", "$default", "r1").toJson();

        Object answer = handle(event, request -> {
            throw new IllegalStateException("secret detail");
        });

        assertThat(status(answer)).isEqualTo(500);
        assertThat(JsonTree.string(answer, "body")).doesNotContain("secret detail");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("http.unhandled", "\"route\":\"GET /\""));
    }

    @Test
    void aPayloadThatIsNotAnEventFailsTheInvocation() {
        assertThatThrownBy(() -> handle("[1,2]".getBytes(StandardCharsets.UTF_8), r -> HttpResponse.text(200, "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gzippedAnswersGoOutBase64EncodedOnTheWire() {
        // GIVEN a browser that takes gzip and a page well over the compression threshold
        byte[] event = new HttpApiStream.WireEvent("GET", "/c/demo", "GET /c/{campaign}", Map.of("campaign", "demo"), "",
                Map.of("accept-encoding", "gzip"), null, false, "203.0.113.42", "api.example.com", "$default", "req-1")
                .toJson();
        String page = "<!doctype html><p>" + "Launch checklist. ".repeat(200);

        // WHEN the adapter writes the answer
        Object answer = handle(event, request -> HttpResponse.html(200, page));

        // THEN the body is base64 of gzip bytes, flagged so API Gateway decodes it
        Map<?, ?> wire = (Map<?, ?>) answer;
        assertThat(wire.get("isBase64Encoded")).isEqualTo(true);
        assertThat(JsonTree.object(answer, "headers")).containsEntry("content-encoding", "gzip");
        byte[] gzip = java.util.Base64.getDecoder().decode(JsonTree.string(answer, "body"));
        try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gzip))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(page);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
