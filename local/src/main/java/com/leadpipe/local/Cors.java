package com.leadpipe.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's {@code CorsConfiguration} from the template, applied as API Gateway applies it:
 * it answers preflight requests itself (no function runs) and adds the allow-origin header to
 * responses for allowed origins. So a form on another local site can post to the runner exactly as
 * it would to the deployed API.
 */
record Cors(List<String> origins, List<String> methods, List<String> headers, Optional<String> maxAge) {

    /** The first {@code AWS::Serverless::HttpApi} with a CorsConfiguration, if any. */
    static Optional<Cors> from(SamTemplate template, Intrinsics intrinsics) {
        for (String id : template.resourcesOfType("AWS::Serverless::HttpApi")) {
            Map<String, Object> cors = SamTemplate.map(template.resourceProperties(id).get("CorsConfiguration"));
            if (cors.isEmpty()) {
                continue;
            }
            String where = "Resources." + id + ".Properties.CorsConfiguration.";
            Object maxAge = cors.get("MaxAge");
            return Optional.of(new Cors(list(cors.get("AllowOrigins"), intrinsics, where + "AllowOrigins"),
                    list(cors.get("AllowMethods"), intrinsics, where + "AllowMethods"),
                    list(cors.get("AllowHeaders"), intrinsics, where + "AllowHeaders"),
                    Optional.ofNullable(maxAge).map(m -> intrinsics.resolve(m, where + "MaxAge"))));
        }
        return Optional.empty();
    }

    /** A list, or a Ref to a CommaDelimitedList parameter (whose value is "a,b"). */
    private static List<String> list(Object value, Intrinsics intrinsics, String where) {
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> items.add(intrinsics.resolve(item, where).strip()));
        } else if (value != null) {
            for (String item : intrinsics.resolve(value, where).split(",")) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /** A preflight: OPTIONS with Origin and Access-Control-Request-Method. */
    static boolean isPreflight(String method, Map<String, List<String>> headers) {
        return method.equals("OPTIONS") && first(headers, "origin").isPresent()
                && first(headers, "access-control-request-method").isPresent();
    }

    /** The headers API Gateway answers a preflight with (none when the origin is not allowed). */
    Map<String, List<String>> preflight(Map<String, List<String>> requestHeaders) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>(allowOrigin(requestHeaders));
        if (!out.isEmpty()) {
            out.put("access-control-allow-methods", List.of(String.join(",", methods)));
            if (!headers.isEmpty()) {
                out.put("access-control-allow-headers", List.of(String.join(",", headers)));
            }
            maxAge.ifPresent(age -> out.put("access-control-max-age", List.of(age)));
        }
        return out;
    }

    /** {@code access-control-allow-origin} for an allowed Origin; empty otherwise. */
    Map<String, List<String>> allowOrigin(Map<String, List<String>> requestHeaders) {
        Optional<String> origin = first(requestHeaders, "origin");
        if (origin.isEmpty()) {
            return Map.of();
        }
        if (origins.contains("*")) {
            return Map.of("access-control-allow-origin", List.of("*"));
        }
        return origins.stream().anyMatch(o -> o.equalsIgnoreCase(origin.get()))
                ? Map.of("access-control-allow-origin", List.of(origin.get()), "vary", List.of("origin"))
                : Map.of();
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst();
    }
}
