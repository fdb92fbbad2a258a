package com.leadpipe.local;

import com.leadpipe.local.SamTemplate.TemplateException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes, read from the {@code HttpApi} events of template.yaml's functions, and
 * API Gateway's way of picking one: the exact method before {@code ANY}, literal path segments
 * before {@code {parameters}}, a greedy {@code {proxy+}} last, {@code $default} when nothing else
 * matches. Being read from the template, local routes can't drift from deployed ones.
 */
public final class TemplateRoutes {

    public static final String ANY = "ANY";
    public static final String DEFAULT_ROUTE = "$default";

    /** {@code routeKey} as API Gateway writes it: "POST /c/{campaign}/subscribe" or "$default". */
    public record Route(String method, String path, String functionId) {

        public String routeKey() {
            return path.equals(DEFAULT_ROUTE) ? DEFAULT_ROUTE : method + " " + path;
        }

        List<String> segments() {
            return path.equals(DEFAULT_ROUTE) ? List.of() : Arrays.asList(path.substring(1).split("/", -1));
        }
    }

    /** A matched route and the values of its path parameters (decoded, as API Gateway passes them). */
    public record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes;

    public TemplateRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static TemplateRoutes from(SamTemplate template) {
        List<Route> routes = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Event event : function.events().values()) {
                if (!event.type().equals("HttpApi")) {
                    continue;
                }
                String where = "Resources." + function.logicalId() + ".Properties.Events." + event.name();
                Object method = event.properties().get("Method");
                Object path = event.properties().get("Path");
                if (method == null && path == null) {
                    routes.add(new Route(ANY, DEFAULT_ROUTE, function.logicalId())); // SAM: no route = $default
                    continue;
                }
                if (!(method instanceof String m) || !(path instanceof String p) || !p.startsWith("/")) {
                    throw new TemplateException(where + ": HttpApi events need a literal Method and a Path starting with /");
                }
                String normalized = m.toUpperCase(Locale.ROOT);
                routes.add(new Route(normalized.equals("*") ? ANY : normalized, p, function.logicalId()));
            }
        }
        return new TemplateRoutes(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    /** The route API Gateway would invoke for this request, if any. {@code rawPath} is still percent-encoded. */
    public Optional<Match> match(String method, String rawPath) {
        String[] request = rawPath.substring(1).split("/", -1);
        return routes.stream()
                .filter(r -> r.method().equals(method) || r.method().equals(ANY))
                .map(r -> bind(r, request))
                .flatMap(Optional::stream)
                .min(Comparator.comparing((Match m) -> m.route().path().equals(DEFAULT_ROUTE))
                        .thenComparing(m -> greedy(m.route()))
                        .thenComparing(m -> -literals(m.route()))
                        .thenComparing(m -> m.route().method().equals(ANY)));
    }

    private static Optional<Match> bind(Route route, String[] request) {
        if (route.path().equals(DEFAULT_ROUTE)) {
            return Optional.of(new Match(route, Map.of()));
        }
        List<String> template = route.segments();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String segment = template.get(i);
            boolean last = i == template.size() - 1;
            if (last && segment.startsWith("{") && segment.endsWith("+}")) {
                if (request.length <= i) {
                    return Optional.empty();
                }
                String rest = String.join("/", Arrays.copyOfRange(request, i, request.length));
                parameters.put(segment.substring(1, segment.length() - 2), decode(rest));
                return Optional.of(new Match(route, parameters));
            }
            if (i >= request.length) {
                return Optional.empty();
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (request[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 1), decode(request[i]));
            } else if (!segment.equals(request[i])) {
                return Optional.empty();
            }
        }
        return template.size() == request.length ? Optional.of(new Match(route, parameters)) : Optional.empty();
    }

    private static boolean greedy(Route route) {
        return route.path().endsWith("+}");
    }

    private static long literals(Route route) {
        return route.segments().stream().filter(s -> !s.startsWith("{")).count();
    }

    private static String decode(String segment) {
        try {
            // Path segments: "+" is a plus sign, not a space.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
