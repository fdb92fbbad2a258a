package com.leadpipe.conformance;

import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.testing.AwsEmulators;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A loopback relay in front of moto that notes which AWS operation each request is (DynamoDB's and
 * SQS's X-Amz-Target, SESv2's method and path) and its body size. The function under test and the
 * bare SDK calls both go through it, so they pay its hop alike, and the bench knows exactly which
 * SDK calls a request made instead of guessing them from the code.
 */
final class Relay implements AutoCloseable {

    /**
     * One AWS call: "DynamoDB.TransactWriteItems", its body's size and, for DynamoDB, the item count;
     * the body itself, which {@link BareCalls} has replayed as sent; and the time
     * the service (moto) took to answer, from the relay's request to its response.
     */
    record Call(String operation, int bytes, int items, String body, double serviceMs) {
        @Override
        public String toString() {
            return items > 1 ? operation + "(" + items + ")" : operation;
        }
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Call> calls = new ArrayList<>();

    Relay(URI target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "relay");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::forward);
        server.start();
    }

    URI uri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** The calls since the last take, and forgets them. */
    synchronized List<Call> take() {
        List<Call> taken = List.copyOf(calls);
        calls.clear();
        return taken;
    }

    private synchronized void note(Call call) {
        calls.add(call);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = amzTarget != null
                    ? amzTarget.replaceFirst("^DynamoDB_\\d+\\.", "DynamoDB.").replaceFirst("^AmazonSQS\\.", "SQS.")
                    : sesOperation(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            long sent = System.nanoTime();
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                note(new Call(operation, body.length, items(operation, body),
                        new String(body, StandardCharsets.UTF_8),
                        (System.nanoTime() - sent) / 1e6));
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private static String sesOperation(String method, String path) {
        if (path.startsWith("/v2/email/outbound-emails")) {
            return "SESv2.SendEmail";
        }
        if (path.startsWith("/v2/email/identities/")) {
            return "SESv2." + ("GET".equals(method) ? "GetEmailIdentity" : method + " identities");
        }
        return "SESv2." + method + " " + path;
    }

    /** Items a DynamoDB batch or transaction carries: the keys of a BatchGetItem, the parts of a transaction. */
    private static int items(String operation, byte[] body) {
        try {
            if (operation.equals("DynamoDB.TransactWriteItems")) {
                return LambdaEvents.JSON.readTree(body).path("TransactItems").size();
            }
            if (operation.equals("DynamoDB.BatchGetItem")) {
                int keys = 0;
                for (var table : LambdaEvents.JSON.readTree(body).path("RequestItems")) {
                    keys += table.path("Keys").size();
                }
                return keys;
            }
        } catch (IOException notJson) {
            return 1;
        }
        return 1;
    }

    private DynamoDbClient warmupClient;

    /**
     * A few writes of the bench's own through the relay (then forgotten), right before a first
     * request. moto, idle while a function primes offline, answered the first call after that pause
     * 1-5 ms slower than the next (7.3-10.9 against 5.5-6.6 ms, timed here); DynamoDB serves other
     * traffic all the time and has no such pause. The function's JVM and connection are not touched.
     */
    void warmService(String table, int calls) {
        if (warmupClient == null) {
            warmupClient = DynamoDbClient.builder().endpointOverride(uri()).region(AwsEmulators.REGION)
                    .credentialsProvider(AwsEmulators.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        }
        Map<String, AttributeValue> key = Map.of(LeadpipeTable.PK, AttributeValue.fromS("BENCH#service-warmup"),
                LeadpipeTable.SK, AttributeValue.fromS("BENCH#service-warmup"));
        for (int i = 0; i < calls; i++) {
            warmupClient.updateItem(r -> r.tableName(table).key(key).updateExpression("ADD calls :one")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        }
        take();
    }

    @Override
    public void close() {
        if (warmupClient != null) {
            warmupClient.close();
        }
        server.stop(0);
    }
}
