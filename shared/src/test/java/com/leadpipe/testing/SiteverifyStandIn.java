package com.leadpipe.testing;

import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.RequestBodies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local stand-in of Turnstile's and hCaptcha's siteverify ({@code /turnstile/v0/siteverify},
 * {@code /siteverify}) on a loopback port, answering by the token posted, as the providers
 * document: {@link #VALID} passes; {@link #EXPIRED} is {@code timeout-or-duplicate}; anything else
 * is {@code invalid-input-response}; a secret other than {@link #SECRET} is
 * {@code invalid-input-secret}. The provider down: {@link #DOWN_503} answers 503, {@link #DOWN_HTML}
 * an HTML page, {@link #DOWN_HANG} nothing for 10 s. Every post is kept, fields by name.
 */
public final class SiteverifyStandIn implements AutoCloseable {

    public static final String SECRET = "0x0000000000000000000000000000000AA";
    public static final String VALID = "XXXX.DUMMY.TOKEN.XXXX";
    public static final String EXPIRED = "expired-token";
    public static final String DOWN_503 = "down-503";
    public static final String DOWN_HTML = "down-html";
    public static final String DOWN_HANG = "down-hang";

    private final HttpServer server;
    private final List<Map<String, String>> posts = new CopyOnWriteArrayList<>();

    public SiteverifyStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/turnstile/v0/siteverify", this::answer);
        server.createContext("/siteverify", this::answer);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** For CAPTCHA_SITEVERIFY_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every post so far: secret, response, remoteip. */
    public List<Map<String, String>> posts() {
        return List.copyOf(posts);
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> form;
        try {
            form = RequestBodies.form(exchange.getRequestBody().readAllBytes());
        } catch (BadRequestException e) {
            form = Map.of();
        }
        posts.add(Map.copyOf(form));
        String token = form.getOrDefault("response", "");
        switch (token) {
            case DOWN_503 -> send(exchange, 503, "text/plain", "upstream unavailable");
            case DOWN_HTML -> send(exchange, 200, "text/html", "<html><body>Checking your browser…</body></html>");
            case DOWN_HANG -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
            default -> send(exchange, 200, "application/json", verdict(form.getOrDefault("secret", ""), token));
        }
    }

    private static String verdict(String secret, String token) {
        if (!SECRET.equals(secret)) {
            return "{\"success\":false,\"error-codes\":[\"invalid-input-secret\"]}";
        }
        if (token.isEmpty()) {
            return "{\"success\":false,\"error-codes\":[\"missing-input-response\"]}";
        }
        return switch (token) {
            case VALID -> "{\"success\":true,\"challenge_ts\":\"2026-12-02T10:20:00Z\",\"hostname\":\"localhost\","
                    + "\"error-codes\":[]}";
            case EXPIRED -> "{\"success\":false,\"error-codes\":[\"timeout-or-duplicate\"]}";
            default -> "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}";
        };
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
