package com.leadpipe.local;

import static com.leadpipe.local.LocalPages.escape;

import com.leadpipe.json.JsonTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The marketer's desk on the index page: per campaign a funnel chart (inline SVG, no script) and
 * its newest leads with a CSV download, read through the admin routes the runner serves.
 */
final class LocalDesk {

    static final List<String> STEPS = List.of("views", "signups", "confirmed", "engaged", "qualified", "salesReady",
            "unsubscribed", "bounced");
    private static final int WIDTH = 300;

    private LocalDesk() {
    }

    /** @param admin GET of an admin path and query: the JSON body of a 200, else empty */
    static String render(List<String> campaignIds, BiFunction<String, String, Optional<String>> admin) {
        StringBuilder b = new StringBuilder("<h2>Funnel and leads</h2>");
        for (String id : campaignIds) {
            Optional<String> funnel = admin.apply("/admin/campaigns/" + id + "/funnel", "");
            if (funnel.isEmpty()) {
                continue;
            }
            b.append("<h3>").append(escape(id)).append("</h3>");
            b.append(chart(JsonTree.object(JsonTree.parse(funnel.get()), "totals")));
            admin.apply("/admin/campaigns/" + id + "/leads", "limit=25").ifPresent(leads -> b.append(table(leads)));
            b.append("<p><a href=\"/admin/campaigns/").append(escape(id))
                    .append("/leads?format=csv\" download>Download all leads as CSV</a></p>");
        }
        return b.toString();
    }

    static String chart(Map<String, Object> totals) {
        long max = 1;
        for (String step : STEPS) {
            max = Math.max(max, count(totals, step));
        }
        int rowHeight = 22;
        StringBuilder svg = new StringBuilder("<svg role=\"img\" aria-label=\"funnel\" width=\"").append(WIDTH + 160)
                .append("\" height=\"").append(STEPS.size() * rowHeight).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (int i = 0; i < STEPS.size(); i++) {
            long n = count(totals, STEPS.get(i));
            long width = Math.round(n * (double) WIDTH / max);
            int y = i * rowHeight;
            svg.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\">").append(STEPS.get(i))
                    .append("</text><rect x=\"100\" y=\"").append(y + 3).append("\" width=\"").append(width)
                    .append("\" height=\"16\" fill=\"#3b6fd6\"><title>").append(STEPS.get(i)).append(": ").append(n)
                    .append("</title></rect><text x=\"").append(106 + width).append("\" y=\"").append(y + 15)
                    .append("\" font-size=\"13\">").append(n).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static long count(Map<String, Object> totals, String step) {
        Object v = totals.get(step);
        return v instanceof Number n ? n.longValue() : 0;
    }

    static String table(String leadsJson) {
        StringBuilder b = new StringBuilder("<table><tr><th>Email</th><th>Temperature</th><th>Stage</th>"
                + "<th>Score</th><th>Confirmed</th></tr>");
        for (Object lead : JsonTree.array(JsonTree.parse(leadsJson), "leads")) {
            b.append("<tr><td>").append(escape(JsonTree.string(lead, "email"))).append("</td><td>")
                    .append(escape(JsonTree.string(lead, "temperature"))).append("</td><td>")
                    .append(escape(JsonTree.string(lead, "stage"))).append("</td><td>")
                    .append(escape(String.valueOf(JsonTree.object(lead, "scores").get("total")))).append("</td><td>")
                    .append(escape(String.valueOf(JsonTree.string(lead, "confirmedAt")))).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }
}
