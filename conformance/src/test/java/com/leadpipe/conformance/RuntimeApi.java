package com.leadpipe.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment, on loopback: what
 * the runtime client inside a function's JVM talks to in Lambda.
 *
 * <ul>
 *   <li>{@code GET /runtime/invocation/next} blocks until {@link #submit} queues an event, then
 *       answers it with the headers Lambda sends (request id, deadline, function ARN, trace id);</li>
 *   <li>{@code POST /runtime/invocation/{id}/response} and {@code .../error} complete it;</li>
 *   <li>{@code POST /runtime/init/error} records a failed init;</li>
 *   <li>{@code GET /runtime/restore/next} (SnapStart: the runtime calls it after init, once the
 *       CRaC beforeCheckpoint hooks ran; Lambda snapshots there) answers at once, as a restore;
 *       {@code POST /runtime/restore/error} records a failed afterRestore hook.</li>
 * </ul>
 * Also records the order of those calls, so tests can check the runtime did the SnapStart dance.
 */
final class RuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    /**
     * What the runtime posted back for one event: the response payload, or an error.
     *
     * @param askedNanos  System.nanoTime() when the runtime's {@code invocation/next} that got this event
     *                    arrived (before the event was queued when the runtime was already waiting)
     * @param postedNanos System.nanoTime() once the runtime's post had arrived, before anyone waiting wakes
     */
    record Outcome(boolean error, String body, String errorType, long askedNanos, long postedNanos) {
    }

    /** One event handed to the runtime; its outcome completes when the runtime posts back. */
    record Invocation(String requestId, byte[] payload, long deadlineEpochMs, CompletableFuture<Outcome> outcome,
                      AtomicLong askedNanos) {
    }

    private final HttpServer server;
    private final String functionArn;
    private final int timeoutSeconds;
    /** Events no {@code invocation/next} has taken yet; guarded by {@code this}, with {@link #waiting}. */
    private final Deque<Invocation> queued = new ArrayDeque<>();
    /** The runtime's {@code invocation/next} while no event is queued (a long poll), and when it arrived. */
    private HttpExchange waiting;
    private long waitingSince;
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Long> initDone = new CompletableFuture<>();
    private volatile boolean closed;

    RuntimeApi(String functionArn, int timeoutSeconds) {
        this.functionArn = functionArn;
        this.timeoutSeconds = timeoutSeconds;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Every call is handled on the server's own thread, as it arrives, and a waiting next is
        // answered by the thread that submits the event: Lambda's Runtime API answers without
        // hand-offs between threads, each of which costs a wake-up here (0.1 ms and more once the
        // CPU has been idle), which bench/snapstart would count as the function's time.
        server.setExecutor(null);
        server.createContext("/", this::handle);
        server.start();
    }

    /** host:port, for AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /**
     * Completes with System.nanoTime() when init is over: at restore/next in SnapStart mode, else at
     * the first invocation/next. Fails on init/error or restore/error.
     */
    CompletableFuture<Long> initDone() {
        return initDone;
    }

    /** Every call the runtime made, in order: "GET restore/next", "POST invocation/{id}/response"... */
    List<String> calls() {
        return List.copyOf(calls);
    }

    /** Queues an event for the runtime's next {@code invocation/next}. */
    Invocation submit(byte[] payload) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), payload,
                System.currentTimeMillis() + timeoutSeconds * 1000L, new CompletableFuture<>(), new AtomicLong());
        inFlight.put(invocation.requestId(), invocation);
        HttpExchange next;
        long asked;
        synchronized (this) {
            next = waiting;
            asked = waitingSince;
            waiting = null;
            if (next == null) {
                queued.add(invocation);
                return invocation;
            }
        }
        try {
            deliver(next, invocation, asked);
        } catch (IOException e) {
            invocation.outcome().completeExceptionally(e);
        }
        return invocation;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        long received = System.nanoTime();
        String call = path.startsWith(BASE) ? path.substring(BASE.length()) : null;
        if (call != null) {
            calls.add(method + " " + call);
        }
        if (method.equals("GET") && "invocation/next".equals(call)) {
            next(exchange); // answered now, or later by submit; either closes it
            return;
        }
        try (exchange) {
            if (call == null) {
                respond(exchange, 404, "{\"errorType\":\"NotFound\"}");
            } else if (method.equals("GET") && call.equals("restore/next")) {
                initDone.complete(System.nanoTime());
                respond(exchange, 200, "");
            } else if (method.equals("POST") && (call.equals("init/error") || call.equals("restore/error"))) {
                initDone.completeExceptionally(new IllegalStateException(call + " "
                        + exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + ": "
                        + new String(body, StandardCharsets.UTF_8)));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && call.startsWith("invocation/")
                    && (call.endsWith("/response") || call.endsWith("/error"))) {
                String id = call.substring("invocation/".length(), call.lastIndexOf('/'));
                Invocation invocation = inFlight.remove(id);
                if (invocation == null) {
                    respond(exchange, 400, "{\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                invocation.outcome().complete(new Outcome(call.endsWith("/error"), new String(body, StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"),
                        invocation.askedNanos().get(), received));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{\"errorType\":\"NotFound\"}");
            }
        }
    }

    /** Long poll, as Lambda's: the runtime waits here between invocations. */
    private void next(HttpExchange exchange) throws IOException {
        long asked = System.nanoTime();
        if (!calls.contains("GET restore/next")) {
            initDone.complete(System.nanoTime()); // on-demand init: over at the first next
        }
        Invocation invocation;
        synchronized (this) {
            invocation = closed ? null : queued.poll();
            if (invocation == null && !closed) {
                waiting = exchange;
                waitingSince = asked;
                return;
            }
        }
        if (invocation == null) {
            try (exchange) {
                respond(exchange, 500, "{\"errorType\":\"ShuttingDown\"}");
            }
            return;
        }
        deliver(exchange, invocation, asked);
    }

    /** Answers a runtime's {@code invocation/next} with the event, and closes the exchange. */
    private void deliver(HttpExchange exchange, Invocation invocation, long asked) throws IOException {
        try (exchange) {
            invocation.askedNanos().set(asked);
            var headers = exchange.getResponseHeaders();
            headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
            headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMs()));
            headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            headers.set("Lambda-Runtime-Trace-Id", traceId());
            headers.set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, invocation.payload().length);
            exchange.getResponseBody().write(invocation.payload());
        }
    }

    private static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x;Parent=%016x;Sampled=0", System.currentTimeMillis() / 1000,
                r.nextLong(1L << 48), r.nextLong(1L << 48), r.nextLong(Long.MAX_VALUE));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        HttpExchange next;
        synchronized (this) {
            closed = true;
            next = waiting;
            waiting = null;
        }
        if (next != null) {
            try (next) {
                respond(next, 500, "{\"errorType\":\"ShuttingDown\"}");
            } catch (IOException gone) {
                // the runtime is gone already
            }
        }
        server.stop(0);
    }
}
