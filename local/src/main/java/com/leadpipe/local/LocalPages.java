package com.leadpipe.local;

import com.leadpipe.campaign.CampaignException.Problem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runner's own pages under {@code /_local}: index, mailbox, a mail, broken campaign files. */
final class LocalPages {

    /** No scripts anywhere; mail HTML is shown in a sandboxed frame that can't run any either. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; "
            + "frame-src 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");

    /** What the index page shows about the running runner. */
    record Status(List<String> campaignIds, List<Problem> campaignProblems, List<TemplateRoutes.Route> routes,
                  List<String> timers, Instant now, double clockSpeed, String mail, String data) {
    }

    private LocalPages() {
    }

    static String index(Status s) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Leadpipe, running locally</h1>");
        b.append("<h2>Campaigns</h2><ul>");
        for (String id : s.campaignIds()) {
            b.append("<li><a href=\"/c/").append(escape(id)).append("\">/c/").append(escape(id)).append("</a>");
            if (s.campaignProblems().stream().anyMatch(p -> p.file().endsWith("/" + id + ".yaml"))) {
                b.append(" <span class=\"bad\">broken, see below</span>");
            }
            b.append("</li>");
        }
        b.append("</ul>");
        problemList(b, s.campaignProblems());
        b.append("<h2><a href=\"/_local/mail\">Mailbox</a></h2><p>").append(escape(s.mail())).append("</p>");
        b.append("<h2>Clock</h2><p>").append(TIME.format(s.now())).append(", running at ")
                .append(Banner.speed(s.clockSpeed())).append("× real time.</p>")
                .append("<form method=\"post\" action=\"/_local/clock/advance?minutes=60\" class=\"inline\"><button>+1 hour</button></form> ")
                .append("<form method=\"post\" action=\"/_local/clock/advance?minutes=1440\" class=\"inline\"><button>+1 day</button></form> ")
                .append("<form method=\"post\" action=\"/_local/clock/advance?minutes=10080\" class=\"inline\"><button>+7 days</button></form>");
        b.append("<h2>Routes (from template.yaml)</h2><table><tr><th>Route</th><th>Function</th></tr>");
        for (TemplateRoutes.Route route : s.routes()) {
            b.append("<tr><td><code>").append(escape(route.routeKey())).append("</code></td><td>")
                    .append(escape(route.functionId())).append("</td></tr>");
        }
        b.append("</table>");
        if (!s.timers().isEmpty()) {
            b.append("<h2>Run in the background</h2><ul>");
            s.timers().forEach(t -> b.append("<li><code>").append(escape(t)).append("</code></li>"));
            b.append("</ul>");
        }
        b.append("<p class=\"muted\">Data: ").append(escape(s.data())).append(". JSON: <a href=\"/_local/mail.json\">mail</a>, ")
                .append("<a href=\"/_local/events.json\">events</a>, ")
                .append("<a href=\"/_local/clock\">clock</a>, <a href=\"/_local/routes.json\">routes</a>. ")
                .append("<a href=\"/_local/events\">Lead events</a> on the bus.</p>");
        return page("Leadpipe local", b.toString(), false);
    }

    static String mailList(List<Mailbox.Mail> mails) {
        StringBuilder b = new StringBuilder("<p><a href=\"/_local/\">Leadpipe local</a></p><h1>Mailbox</h1>");
        if (mails.isEmpty()) {
            b.append("<p>No mail yet. Sign up on a campaign page and the confirmation mail shows up here.</p>");
        } else {
            b.append("<p class=\"muted\">Every mail the local SES accepted, newest first. This page reloads every 5 s.</p>");
            b.append("<table><tr><th>Sent</th><th>To</th><th>Subject</th></tr>");
            for (Mailbox.Mail m : mails) {
                b.append("<tr><td>").append(TIME.format(m.sentAt())).append("</td><td>")
                        .append(escape(String.join(", ", m.to()))).append("</td><td><a href=\"/_local/mail/")
                        .append(escape(URLEncoder.encode(m.id(), StandardCharsets.UTF_8))).append("\">")
                        .append(escape(m.subject() == null ? "(no subject)" : m.subject())).append("</a></td></tr>");
            }
            b.append("</table>");
        }
        return page("Mailbox", b.toString(), true);
    }

    /** What the event buses delivered, newest first, each detail as JSON. */
    static String eventList(List<Map<String, Object>> events) {
        StringBuilder b = new StringBuilder("<p><a href=\"/_local/\">Leadpipe local</a></p><h1>Lead events</h1>");
        if (events.isEmpty()) {
            b.append("<p>No events yet. Confirm a signup and <code>lead.confirmed</code> shows up here.</p>");
        } else {
            b.append("<p class=\"muted\">Every event on the stack's bus, newest first (JSON: <a href=\"/_local/events.json\">")
                    .append("events.json</a>). This page reloads every 5 s.</p>");
            b.append("<table><tr><th>Time</th><th>Type</th><th>Detail</th></tr>");
            for (Map<String, Object> e : events) {
                b.append("<tr><td>").append(escape(String.valueOf(e.get("time")))).append("</td><td><code>")
                        .append(escape(String.valueOf(e.get("detail-type")))).append("</code></td><td><pre class=\"text\">")
                        .append(escape(com.leadpipe.json.JsonTree.write(e.get("detail")))).append("</pre></td></tr>");
            }
            b.append("</table>");
        }
        return page("Lead events", b.toString(), true);
    }

    static String mail(Mailbox.Mail m) {
        StringBuilder b = new StringBuilder("<p><a href=\"/_local/mail\">Mailbox</a></p>");
        b.append("<h1>").append(escape(m.subject() == null ? "(no subject)" : m.subject())).append("</h1>");
        b.append("<table class=\"meta\"><tr><th>From</th><td>").append(escape(String.valueOf(m.from())))
                .append("</td></tr><tr><th>To</th><td>").append(escape(String.join(", ", m.to())))
                .append("</td></tr><tr><th>Sent</th><td>").append(TIME.format(m.sentAt())).append("</td></tr></table>");
        if (m.html() != null) {
            // Sandboxed, no scripts: a link may only replace this whole page, and only when clicked.
            b.append("<h2>HTML</h2><iframe class=\"mail\" title=\"HTML part\" sandbox=\"allow-top-navigation-by-user-activation\" srcdoc=\"")
                    .append(escape(withTopTarget(m.html()))).append("\"></iframe>");
        }
        if (m.text() != null) {
            b.append("<h2>Text</h2><pre class=\"text\">").append(linkify(m.text())).append("</pre>");
        }
        b.append("<details><summary>Headers</summary><table>");
        for (Map.Entry<String, String> h : m.headers().entrySet()) {
            b.append("<tr><th>").append(escape(h.getKey())).append("</th><td>").append(escape(h.getValue())).append("</td></tr>");
        }
        b.append("</table></details>");
        return page(m.subject() == null ? "Mail" : m.subject(), b.toString(), false);
    }

    static String campaignProblems(List<Problem> problems) {
        StringBuilder b = new StringBuilder("<h1>This campaign file is broken</h1>");
        b.append("<p>The page can't be shown until the campaign file is fixed. Save the file and reload:"
                + " the runner reads campaign files on every request.</p>");
        problemList(b, problems);
        return page("Broken campaign file", b.toString(), false);
    }

    private static void problemList(StringBuilder b, List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        b.append("<ul class=\"problems\">");
        for (Problem p : problems) {
            b.append("<li><code>").append(escape(p.file())).append("</code>");
            if (!p.field().isEmpty()) {
                b.append(": <code>").append(escape(p.field())).append("</code>");
            }
            b.append(": ").append(escape(p.message())).append("</li>");
        }
        b.append("</ul>");
    }

    /** Links in the mail open in place of the mailbox page (a frame can't show the app's pages: they forbid framing). */
    static String withTopTarget(String html) {
        Matcher head = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE).matcher(html);
        if (head.find()) {
            return html.substring(0, head.end()) + "<base target=\"_top\">" + html.substring(head.end());
        }
        return "<base target=\"_top\">" + html;
    }

    /** Escapes the text and turns every http(s) URL in it into a link. */
    static String linkify(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = URL.matcher(text);
        int last = 0;
        while (m.find()) {
            String url = m.group();
            int end = m.end();
            while (url.length() > 1 && ".,;:!?)]".indexOf(url.charAt(url.length() - 1)) >= 0) {
                url = url.substring(0, url.length() - 1); // sentence punctuation after a link
                end--;
            }
            out.append(escape(text.substring(last, m.start())));
            out.append("<a href=\"").append(escape(url)).append("\">").append(escape(url)).append("</a>");
            last = end;
        }
        out.append(escape(text.substring(last)));
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String page(String title, String content, boolean refresh) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + (refresh ? "<meta http-equiv=\"refresh\" content=\"5\">" : "")
                + "<title>" + escape(title) + "</title><style>"
                + "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1d1d1f;background:#f5f5f7}"
                + "main{max-width:60rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}"
                + "h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}"
                + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #e5e5ea;vertical-align:top}"
                + "table.meta{width:auto}table.meta th{width:5rem}"
                + "iframe.mail{width:100%;height:24rem;border:1px solid #d1d1d6;border-radius:8px;background:#fff}"
                + "pre.text{white-space:pre-wrap;word-break:break-word;background:#f5f5f7;padding:1rem;border-radius:8px}"
                + ".bad{color:#b00020}.muted{color:#6e6e73;font-size:.9rem}.problems li{margin:.4rem 0}"
                + "form.inline{display:inline}button{padding:.4rem .8rem;font:inherit;border:1px solid #0a66c2;color:#0a66c2;background:#fff;border-radius:6px;cursor:pointer}"
                + "a{color:#0a66c2}"
                + "</style></head><body><main>" + content + "</main></body></html>";
    }
}
