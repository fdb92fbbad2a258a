package com.leadpipe.functions.admin;

import com.leadpipe.admin.AdminService;
import com.leadpipe.admin.AdminService.CsvExport;
import com.leadpipe.admin.FunnelReport;
import com.leadpipe.admin.LeadJson;
import com.leadpipe.admin.PrivacyService;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.json.JsonTree;
import com.leadpipe.log.Log;
import com.leadpipe.store.AdminStore.LeadFilter;
import com.leadpipe.store.AdminStore.LeadPage;
import com.leadpipe.store.AdminStore.LeadRow;
import com.leadpipe.store.PrivacyStore.Erasure;
import com.leadpipe.store.StoreException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API, behind IAM (SigV4) on the same HTTP API: parse, call the service, map. Always
 * JSON (CSV for {@code ?format=csv}); bad input is a 400 and an unknown campaign or person a 404,
 * and neither changes anything. Routes: README "Admin API".
 */
public final class AdminEndpoint {

    private final AdminService admin;
    private final PrivacyService privacy;
    private final Log log;

    public AdminEndpoint(AdminService admin, PrivacyService privacy, Log log) {
        this.admin = admin;
        this.privacy = privacy;
        this.log = log;
    }

    /** @param caller the IAM principal that signed the request ("local" on the local runner) */
    public HttpResponse handle(HttpRequest request, String caller, String requestId) {
        String path = request.path().startsWith(request.basePath() + "/")
                ? request.path().substring(request.basePath().length()) : request.path();
        String[] parts = path.replaceAll("/+$", "").split("/");
        try {
            return route(request, parts, caller, requestId);
        } catch (IllegalArgumentException e) {
            return error(400, "bad_request", e.getMessage());
        } catch (BadRequestException e) {
            return error(e.status(), "bad_request", e.getMessage());
        } catch (AdminService.UnknownCampaignException e) {
            return error(404, "not_found", e.getMessage());
        } catch (StoreException e) {
            log.error("admin.store_unavailable", e, "route", path);
            return error(503, "unavailable", "The table could not be read or written just now; try again. "
                    + "Repeating any admin request is safe.").withHeader("retry-after", "5");
        }
    }

    private HttpResponse route(HttpRequest request, String[] p, String caller, String requestId)
            throws BadRequestException {
        String method = request.method();
        // p[0] is "" (leading slash), p[1] "admin".
        if (p.length == 3 && p[2].equals("campaigns") && method.equals("GET")) {
            return json(200, Map.of("campaigns", admin.campaigns()));
        }
        if (p.length == 5 && p[2].equals("campaigns") && p[4].equals("funnel") && method.equals("GET")) {
            Map<String, String> q = request.query();
            FunnelReport report = admin.funnel(p[3], day(q, "from"), day(q, "to"),
                    FunnelReport.Grouping.parse(q.getOrDefault("by", "day")));
            return json(200, report.json());
        }
        if (p.length == 5 && p[2].equals("campaigns") && p[4].equals("leads") && method.equals("GET")) {
            return leads(request, p[3]);
        }
        if (p.length == 3 && p[2].equals("leads") && method.equals("GET")) {
            EmailAddress email = email(request.query().get("email"));
            Map<String, Object> person = privacy.export(email);
            if (((List<?>) person.get("campaigns")).isEmpty() && ((List<?>) person.get("links")).isEmpty()) {
                return error(404, "not_found", "We hold no lead or signup for this address.");
            }
            return json(200, person);
        }
        if (p.length == 4 && p[2].equals("privacy") && method.equals("POST")) {
            EmailAddress email = email(RequestBodies.fields(request).get("email"));
            return switch (p[3]) {
                case "export" -> json(200, privacy.export(email));
                case "erase" -> erased(privacy.erase(email, caller, requestId));
                default -> error(404, "not_found", "No such admin route.");
            };
        }
        return error(404, "not_found", "No such admin route: " + method + " " + String.join("/", p));
    }

    private HttpResponse leads(HttpRequest request, String campaign) {
        Map<String, String> q = request.query();
        LeadFilter filter = new LeadFilter(q.getOrDefault("stage", ""), q.getOrDefault("temperature", ""),
                q.getOrDefault("tag", ""), instant(q.get("since")));
        if ("csv".equals(q.get("format"))) {
            CsvExport export = admin.csv(campaign, filter);
            if (export.csv().isPresent()) {
                return new HttpResponse(200, Map.of("content-type", "text/csv; charset=utf-8",
                        "content-disposition", "attachment; filename=\"" + campaign + "-leads.csv\"",
                        "x-lead-count", String.valueOf(export.rows())), export.csv().get());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rows", export.rows());
            body.put("url", export.url().orElseThrow().toString());
            return json(200, body);
        }
        if (q.containsKey("format") && !"json".equals(q.get("format"))) {
            throw new IllegalArgumentException("format must be json or csv");
        }
        LeadPage page = admin.leads(campaign, filter, number(q.get("limit"), 25), Optional.ofNullable(q.get("cursor")));
        List<Object> rows = new ArrayList<>();
        for (LeadRow row : page.rows()) {
            rows.add(LeadJson.lead(row));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leads", rows);
        body.put("cursor", page.cursor().orElse(null));
        return json(200, body);
    }

    private static HttpResponse erased(Erasure erasure) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("erased", true);
        body.put("alreadyErased", erasure.alreadyErased());
        body.put("itemsRemoved", erasure.itemsRemoved());
        body.put("campaigns", erasure.campaigns());
        body.put("suppressionKept", erasure.suppressionKept());
        return json(200, body);
    }

    private static EmailAddress email(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("email is required");
        }
        try {
            return EmailAddress.parse(raw);
        } catch (EmailAddress.InvalidEmailException e) {
            throw new IllegalArgumentException("email is not a valid address: " + e.getMessage());
        }
    }

    private static Optional<LocalDate> day(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(v));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a day like 2026-01-31");
        }
    }

    private static Optional<Instant> instant(String v) {
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(v.length() == 10 ? LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be a day (2026-01-31) or an instant (2026-01-31T12:00:00Z)");
        }
    }

    private static int number(String v, int fallback) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number");
        }
    }

    static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, Map.of("content-type", "application/json", "cache-control", "no-store"),
                JsonTree.write(body));
    }

    static HttpResponse error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }
}
