package com.leadpipe.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignException.Problem;
import com.leadpipe.json.JsonTree;
import com.leadpipe.local.ApiGatewayBridge.WireRequest;
import com.leadpipe.local.ApiGatewayBridge.WireResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP side: the JDK's server on loopback. Template routes go through
 * {@link ApiGatewayBridge} to their function; {@code /_local/...} are the runner's own pages
 * (mailbox, clock, routes), which the deployed API does not have.
 */
final class LocalServer implements AutoCloseable {

    /** API Gateway's payload limit. */
    private static final int MAX_BODY = 10 * 1024 * 1024;
    /**
     * What the JDK's server reads of a request head before it resets the connection (its default
     * is 384 KiB): well past API Gateway's quota, so an oversized URL or header gets the 414 or 431
     * a client can read ({@link ApiGatewayBridge#oversizedHead}) instead of a reset.
     */
    private static final String JDK_HEAD_LIMIT = String.valueOf(8 * 1024 * 1024);

    private final HttpServer server;
    private final ExecutorService threads;
    private final TemplateRoutes routes;
    private final Optional<Cors> cors;
    private final Map<String, LocalFunction> functions;
    private final Map<String, String> off;
    private final FastClock clock;
    private final Consumer<Duration> advanceClock;
    private final Mailbox mailbox;
    private final LocalEvents events;
    private final CampaignCheck campaigns;
    private final Supplier<LocalPages.Status> status;
    private final PrintStream console;

    /**
     * Binds 127.0.0.1 only: the mailbox shows working confirmation links, which nobody else on the
     * network should see. Bound before the functions are built, as their links need the port.
     *
     * @param port 0 for any free port
     * @throws PortInUseException when the port is taken
     */
    static HttpServer bind(int port) {
        // Read once by the JDK, when its first server is created.
        System.setProperty("sun.net.httpserver.maxReqHeaderSize", JDK_HEAD_LIMIT);
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new PortInUseException(port);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    /** Starts answering on {@code server}. */
    LocalServer(HttpServer server, TemplateRoutes routes, Optional<Cors> cors, LocalRunner.Functions functions, FastClock clock,
                Consumer<Duration> advanceClock, Mailbox mailbox, LocalEvents events, CampaignCheck campaigns,
                Supplier<LocalPages.Status> status, PrintStream console) {
        this.server = server;
        this.threads = Executors.newVirtualThreadPerTaskExecutor();
        this.routes = routes;
        this.cors = cors;
        this.functions = functions.running();
        this.off = functions.off();
        this.clock = clock;
        this.advanceClock = advanceClock;
        this.mailbox = mailbox;
        this.events = events;
        this.campaigns = campaigns;
        this.status = status;
        this.console = console;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            WireResponse response;
            try {
                response = respond(exchange);
            } catch (RuntimeException e) {
                console.println("[local] " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + ": the runner failed: " + e);
                response = ApiGatewayBridge.gatewayError(500, "Internal Server Error");
            }
            send(exchange, response);
        }
    }

    private WireResponse respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        Optional<WireResponse> oversized = ApiGatewayBridge.oversizedHead(exchange.getRequestMethod(),
                exchange.getRequestURI().toString(), exchange.getProtocol(), exchange.getRequestHeaders());
        if (oversized.isPresent()) {
            console.println("[local] " + method + " " + rawPath.substring(0, Math.min(rawPath.length(), 60))
                    + "...: request head over API Gateway's " + ApiGatewayBridge.MAX_REQUEST_HEAD + " bytes, answered "
                    + oversized.get().status());
            return oversized.get();
        }
        if (rawPath.equals("/_local") || rawPath.startsWith("/_local/")) {
            return localPage(exchange, method, rawPath);
        }
        Map<String, List<String>> headers = exchange.getRequestHeaders();
        if (cors.isPresent() && Cors.isPreflight(method, headers)) {
            return new WireResponse(204, cors.get().preflight(headers), new byte[0]); // answered by API Gateway itself
        }
        Optional<TemplateRoutes.Match> match = routes.match(method, rawPath);
        if (match.isEmpty()) {
            if (rawPath.equals("/") && method.equals("GET")) {
                return redirect("/_local/"); // no route for "/": point people at what there is
            }
            return ApiGatewayBridge.gatewayError(404, "Not Found");
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return ApiGatewayBridge.gatewayError(413, "Request Entity Too Large");
        }
        WireRequest wire = new WireRequest(method, rawPath, exchange.getRequestURI().getRawQuery(), headers,
                exchange.getRemoteAddress().getAddress().getHostAddress(), port(), body);
        WireResponse response = invoke(wire, match.get());
        if (cors.isPresent()) {
            // API Gateway sets the CORS response headers itself, over whatever the function sent.
            Map<String, List<String>> withCors = new LinkedHashMap<>(response.headers());
            withCors.putAll(cors.get().allowOrigin(headers));
            response = new WireResponse(response.status(), withCors, response.body());
        }
        return response;
    }

    /** A GET of an admin route through the admin function, as the index page's desk reads it. */
    private Optional<String> adminJson(String path, String query) {
        Optional<TemplateRoutes.Match> match = routes.match("GET", path);
        if (match.isEmpty() || !functions.containsKey(match.get().route().functionId())) {
            return Optional.empty();
        }
        WireResponse response = invoke(new WireRequest("GET", path, query, Map.of(), "127.0.0.1", port(), new byte[0]),
                match.get());
        return response.status() == 200 ? Optional.of(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                : Optional.empty();
    }

    private WireResponse invoke(WireRequest wire, TemplateRoutes.Match match) {
        APIGatewayV2HTTPEvent event = ApiGatewayBridge.toEvent(wire, match, clock);
        LocalFunction function = functions.get(match.route().functionId());
        if (function == null) {
            console.println("[local] " + match.route().routeKey() + ": " + match.route().functionId() + " is not running locally: "
                    + off.get(match.route().functionId()));
            return ApiGatewayBridge.gatewayError(500, "Internal Server Error");
        }
        APIGatewayV2HTTPResponse response;
        try {
            response = function.invoke(event, APIGatewayV2HTTPResponse.class);
        } catch (LocalFunction.TimedOutException e) {
            // Lambda reports a function error; HTTP API answers it as any other: 500.
            console.println("[local] " + match.route().routeKey() + ": " + function.logicalId() + " " + e.getMessage()
                    + "; answered 500 as API Gateway does");
            return ApiGatewayBridge.gatewayError(500, "Internal Server Error");
        } catch (LocalFunction.InvocationException e) {
            console.println("[local] " + match.route().routeKey() + ": " + e.getMessage());
            return brokenCampaign(match).orElse(ApiGatewayBridge.gatewayError(500, "Internal Server Error"));
        }
        if (response == null) {
            console.println("[local] " + match.route().routeKey() + ": " + function.logicalId() + " returned nothing");
            return ApiGatewayBridge.gatewayError(500, "Internal Server Error");
        }
        if (response.getStatusCode() == 500) {
            // Handlers answer a generic 500 for any failure, a broken campaign file included. Locally,
            // say which file and field instead: that is what someone editing campaigns needs.
            Optional<WireResponse> broken = brokenCampaign(match);
            if (broken.isPresent()) {
                return broken.get();
            }
        }
        return ApiGatewayBridge.toWire(response, event.getRequestContext().getRequestId());
    }

    /** The problems page, when campaign files are broken (the requested campaign's, if the route names one). */
    private Optional<WireResponse> brokenCampaign(TemplateRoutes.Match match) {
        String campaign = match.pathParameters().get("campaign");
        List<Problem> problems = campaign != null ? campaigns.problemsOf(campaign) : campaigns.problems();
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        problems.forEach(p -> console.println("[campaign] " + p));
        return Optional.of(html(500, LocalPages.campaignProblems(problems)));
    }

    private WireResponse localPage(HttpExchange exchange, String method, String rawPath) throws IOException {
        String path = rawPath.equals("/_local") ? "/_local/" : rawPath;
        if (method.equals("GET") && path.equals("/_local/")) {
            String index = LocalPages.index(status.get());
            String desk = LocalDesk.render(status.get().campaignIds(), this::adminJson);
            return html(200, index.replace("<h2><a href=\"/_local/mail\">", desk + "<h2><a href=\"/_local/mail\">"));
        }
        if (method.equals("GET") && path.equals("/_local/mail")) {
            return html(200, LocalPages.mailList(mailbox.mails()));
        }
        if (method.equals("GET") && path.equals("/_local/mail.json")) {
            return json(200, mailbox.json());
        }
        if (method.equals("GET") && path.startsWith("/_local/mail/")) {
            String id = URLDecoder.decode(path.substring("/_local/mail/".length()), StandardCharsets.UTF_8);
            return mailbox.find(id).map(m -> html(200, LocalPages.mail(m)))
                    .orElseGet(() -> html(404, "<!doctype html><title>Not found</title><p>No such mail. <a href=\"/_local/mail\">Mailbox</a>"));
        }
        if (method.equals("GET") && path.equals("/_local/events")) {
            return html(200, LocalPages.eventList(events.events()));
        }
        if (method.equals("GET") && path.equals("/_local/events.json")) {
            return json(200, events.json());
        }
        if (method.equals("GET") && path.equals("/_local/clock")) {
            return json(200, clockJson());
        }
        if (method.equals("POST") && path.equals("/_local/clock/advance")) {
            return advance(exchange);
        }
        if (method.equals("GET") && path.equals("/_local/routes.json")) {
            return json(200, routesJson());
        }
        return ApiGatewayBridge.gatewayError(404, "Not Found");
    }

    private WireResponse advance(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        Map<String, String> parameters = ApiGatewayBridge.queryParameters(query);
        String minutes = parameters == null ? null : parameters.get("minutes");
        long value;
        try {
            value = Long.parseLong(minutes == null ? "" : minutes.strip());
        } catch (NumberFormatException e) {
            return json(400, JsonTree.write(Map.of("error", "give ?minutes=N, a whole number of minutes (0 or more)")));
        }
        if (value < 0) {
            return json(400, JsonTree.write(Map.of("error", "the clock only moves forward")));
        }
        advanceClock.accept(Duration.ofMinutes(value));
        String accept = exchange.getRequestHeaders().getFirst("accept");
        if (accept != null && accept.contains("text/html")) {
            return redirect("/_local/"); // the buttons on the index page
        }
        return json(200, clockJson());
    }

    private String clockJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("now", clock.instant().toString());
        json.put("speed", clock.speed());
        return JsonTree.write(json);
    }

    private String routesJson() {
        List<Map<String, String>> json = new ArrayList<>();
        for (TemplateRoutes.Route r : routes.routes()) {
            Map<String, String> route = new LinkedHashMap<>();
            route.put("method", r.method());
            route.put("path", r.path());
            route.put("function", r.functionId());
            route.put("handler", functions.containsKey(r.functionId())
                    ? functions.get(r.functionId()).handlerClass().getName() : "(off)");
            json.add(route);
        }
        return JsonTree.write(json);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static WireResponse html(int status, String html) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("text/html; charset=utf-8"));
        headers.put("content-security-policy", List.of(LocalPages.CSP));
        headers.put("cache-control", List.of("no-store"));
        return new WireResponse(status, headers, html.getBytes(StandardCharsets.UTF_8));
    }

    private static WireResponse json(int status, String json) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put("cache-control", List.of("no-store"));
        return new WireResponse(status, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    private static WireResponse redirect(String location) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("location", List.of(location));
        return new WireResponse(303, headers, new byte[0]);
    }

    private static void send(HttpExchange exchange, WireResponse response) throws IOException {
        response.headers().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
        boolean noBody = response.body().length == 0 || response.status() == 204 || response.status() == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    /** The port is taken; the message says how to pick another. */
    static final class PortInUseException extends RuntimeException {
        PortInUseException(int port) {
            super("port " + port + " is in use (another local runner?). Stop it, or pick another port with --port.");
        }
    }
}
