package com.leadpipe.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container credentials endpoint a SnapStart function gets instead of key variables
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} + {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), on
 * loopback. Answers only requests carrying the token, with short-lived keys the emulators accept,
 * and counts both kinds, so a test can tell the function got its credentials this way.
 */
final class CredentialsEndpoint implements AutoCloseable {

    static final String PATH = "/2021-04-23/credentials";

    private final HttpServer server;
    private final String token = UUID.randomUUID().toString();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    CredentialsEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, this::handle);
        server.start();
    }

    String uri() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + PATH;
    }

    String token() {
        return token;
    }

    int served() {
        return served.get();
    }

    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!token.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            served.incrementAndGet();
            String expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
            byte[] body = ("{\"AccessKeyId\":\"ASIACONFORMANCE\",\"SecretAccessKey\":\"conformance\","
                    + "\"Token\":\"conformance-session\",\"Expiration\":\"" + expiration + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
