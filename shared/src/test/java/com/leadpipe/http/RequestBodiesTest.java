package com.leadpipe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    static HttpRequest post(String contentType, byte[] body) {
        return new HttpRequest("POST", "/c/demo/subscribe", Map.of("campaign", "demo"), Map.of(),
                contentType == null ? Map.of() : Map.of("content-type", contentType), body, "203.0.113.9",
                "api.example.com", "");
    }

    static HttpRequest post(String contentType, String body) {
        return post(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesFormFields() throws Exception {
        Map<String, String> fields = RequestBodies.fields(post("application/x-www-form-urlencoded; charset=UTF-8",
                "email=ada%40example.com&firstName=Ad%C3%A1+L&consent=yes&website="));

        assertThat(fields).containsExactly(Map.entry("email", "ada@example.com"), Map.entry("firstName", "Adá L"),
                Map.entry("consent", "yes"), Map.entry("website", ""));
    }

    @Test
    void readsFlatJsonObjects() throws Exception {
        Map<String, String> fields = RequestBodies.fields(post("application/json",
                "{\"email\":\"ada@example.com\",\"consent\":true,\"size\":12,\"firstName\":null}"));

        assertThat(fields).containsExactly(Map.entry("email", "ada@example.com"), Map.entry("consent", "true"),
                Map.entry("size", "12"));
    }

    @Test
    void refusesMalformedEncodingsWith400() {
        assertStatus(post("application/x-www-form-urlencoded", "email=ada%4"), 400, "broken %-escape");
        assertStatus(post("application/x-www-form-urlencoded", "email=ada%zz"), 400, "broken %-escape");
        assertStatus(post("application/x-www-form-urlencoded", "name=%C3%28"), 400, "not valid UTF-8");
        assertStatus(post("application/x-www-form-urlencoded", new byte[] {'a', '=', (byte) 0xff}), 400, "UTF-8");
        assertStatus(post("application/x-www-form-urlencoded", "email=a&email=b"), 400, "more than once");
        assertStatus(post("application/json", "{\"email\":"), 400, "malformed");
        assertStatus(post("application/json", "[1,2]"), 400, "must be an object");
        assertStatus(post("application/json", "{\"email\":{\"x\":1}}"), 400, "must be text");
        assertStatus(post("application/json", "{\"a\":1,\"a\":2}"), 400, "malformed");
        assertStatus(post("application/json", "{} {}"), 400, "single object");
    }

    @Test
    void refusesUnsupportedTypesWith415AndLargeBodiesWith413() {
        assertStatus(post("text/plain", "email=a"), 415, "application/x-www-form-urlencoded or application/json");
        assertStatus(post(null, "email=a"), 415, "application/x-www-form-urlencoded");
        assertStatus(post("application/json; charset=latin1", "{}"), 415, "UTF-8");
        assertStatus(post("application/x-www-form-urlencoded", "x=" + "a".repeat(RequestBodies.MAX_BODY_BYTES)),
                413, "16 KB");
    }

    private static void assertStatus(HttpRequest request, int status, String message) {
        assertThatThrownBy(() -> RequestBodies.fields(request))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
