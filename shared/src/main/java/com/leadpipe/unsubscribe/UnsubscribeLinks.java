package com.leadpipe.unsubscribe;

import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.token.Tokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Unsubscribe links for marketing mail: what every nurture message must carry.
 *
 * <ul>
 *   <li>{@link #mint} stores a new link token (hashed, like every token) and gives the URL.</li>
 *   <li>{@link #headers} are the RFC 2369 / RFC 8058 headers: {@code List-Unsubscribe} with the
 *       https URL and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}, which lets the
 *       mailbox provider (Gmail, Yahoo, Apple Mail...) POST to the URL when the person presses
 *       its own Unsubscribe button, with no page and no further click.</li>
 *   <li>{@link #withTextFooter} / {@link #withHtmlFooter} add the visible link to both parts;
 *       {@link #addTo} does all of it to a rendered message.</li>
 * </ul>
 *
 * <p>One link per message: {@code mint} once per send. Links live {@link #LINK_LIFETIME}, because
 * people unsubscribe from mail they kept for months; an expired link answers 410.
 */
public final class UnsubscribeLinks {

    /** How long an unsubscribe link in a sent mail keeps working. */
    public static final Duration LINK_LIFETIME = Duration.ofDays(400);

    /** The route the unsubscribe function serves (GET shows a button, POST unsubscribes). */
    public static final String PATH = "/unsubscribe";

    public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    /** RFC 2919: names the list a marketing mail belongs to, so receivers (and filters) can group it. */
    public static final String LIST_ID = "List-Id";
    /** RFC 8058's one and only value: the body the provider's POST will carry. */
    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    /**
     * Longest base URL accepted. Keeps the {@code List-Unsubscribe} header line (base + path +
     * token + name, about 145 more characters) far below RFC 5322's 998-character limit without
     * folding: header values go into the message unfolded, and a folded List-Unsubscribe is known
     * to break DKIM verification at some receivers.
     */
    static final int MAX_BASE_URL_LENGTH = 500;

    /** What a link URL may contain: printable ASCII without space, quotes, angle brackets or comma. */
    private static final Pattern URL_CHARS = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+;=%]+");

    /** Plain http is for local runs only. */
    private static final Pattern LOCAL_HTTP = Pattern.compile("http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]+)?(/.*)?");

    private final LeadStore store;
    private final String baseUrl;

    /** A link as it goes into a message. */
    public record Link(String url, Instant expiresAt) {
        @Override
        public String toString() {
            return "Link[expiresAt=" + expiresAt + "]"; // the URL holds a credential: never log it
        }
    }

    /**
     * @param publicBaseUrl the https address the unsubscribe route is reached at, as in
     *                      {@code PUBLIC_BASE_URL} (e.g. {@code https://join.example.com} or the
     *                      API's URL with its stage). Required here: mail is sent outside any
     *                      request, so there is no request host to fall back on. Plain http only
     *                      for localhost, for local runs; RFC 8058 requires https.
     */
    public UnsubscribeLinks(LeadStore store, String publicBaseUrl) {
        this.store = store;
        this.baseUrl = checkBaseUrl(publicBaseUrl);
    }

    /** The base URL in use, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A new link for a confirmed lead's next message. */
    public Link mint(Lead lead, Instant now) {
        return mint(lead.campaignId(), lead.addressKey(), lead.leadId(), now);
    }

    /**
     * A new link for one message to a lead: stores the token's hash (one PutItem) bound to the
     * lead and purpose UNSUBSCRIBE, expiring after {@link #LINK_LIFETIME}.
     *
     * @throws com.leadpipe.store.StoreException when the token cannot be stored; send nothing then,
     *                                           since a marketing mail must not go out without a
     *                                           working unsubscribe link
     */
    public Link mint(String campaignId, String addressKey, String leadId, Instant now) {
        if (addressKey == null || addressKey.isBlank() || leadId == null || leadId.isBlank()) {
            throw new IllegalArgumentException("an unsubscribe link needs the lead's address key and id");
        }
        Tokens.Token token = Tokens.mint(campaignId);
        if (Tokens.parse(token.value()).isEmpty()) {
            throw new IllegalArgumentException("not a campaign id: " + campaignId);
        }
        Instant expiresAt = now.plus(LINK_LIFETIME);
        store.putToken(new Token(token.hash(), TokenPurpose.UNSUBSCRIBE, campaignId, addressKey, leadId, now,
                expiresAt, Optional.empty()));
        return new Link(baseUrl + PATH + "?t=" + token.value(), expiresAt); // token characters are URL-safe
    }

    /**
     * The two headers every marketing message carries, exactly:
     * {@code List-Unsubscribe: <url>} and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}.
     * Values are ASCII without CR/LF, as {@link com.leadpipe.mail.MimeWriter} requires.
     */
    public static Map<String, String> headers(String url) {
        return headers(url, Optional.empty());
    }

    /**
     * As {@link #headers(String)}, with a {@code mailto:} beside the https link when the campaign
     * names a mailbox for it (some receivers only offer that); the subject carries the link's token
     * so whoever reads the mailbox can act on it. One-click stays the https link's.
     */
    public static Map<String, String> headers(String url, Optional<String> mailto) {
        checkLinkUrl(url);
        Map<String, String> headers = new LinkedHashMap<>();
        String token = url.substring(url.indexOf("?t=") + 3);
        headers.put(LIST_UNSUBSCRIBE, "<" + url + ">" + mailto.filter(m -> m.matches("[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+"))
                .map(m -> ", <mailto:" + m + "?subject=unsubscribe%20" + token + ">").orElse(""));
        headers.put(LIST_UNSUBSCRIBE_POST, ONE_CLICK);
        return java.util.Collections.unmodifiableMap(headers);
    }

    /** The text part with the unsubscribe link on its own line at the end (mail apps linkify it). */
    public static String withTextFooter(String text, String url) {
        checkLinkUrl(url);
        String body = text == null ? "" : text;
        String newline = body.contains("\r\n") ? "\r\n" : "\n";
        String end = body.isEmpty() || body.endsWith("\n") ? "" : newline;
        return body + end + newline + "--" + newline + "Don't want these emails? Unsubscribe with one click:"
                + newline + url + newline;
    }

    /**
     * The HTML part with a visible unsubscribe link at the end: before the last {@code </body>}
     * when there is one, else appended. The URL is HTML-escaped.
     */
    public static String withHtmlFooter(String html, String url) {
        checkLinkUrl(url);
        String body = html == null ? "" : html;
        String footer = "<p style=\"margin-top:24px;font-size:12px;color:#6e6e73\">Don't want these emails? "
                + "<a href=\"" + escapeHtml(url) + "\">Unsubscribe</a>.</p>\n";
        int close = body.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        return close < 0 ? body + (body.isEmpty() || body.endsWith("\n") ? "" : "\n") + footer
                : body.substring(0, close) + footer + body.substring(close);
    }

    /**
     * A rendered message made ready to send: both headers added (replacing any of the same name)
     * and the visible link at the end of both parts. Templates need not show the link themselves.
     */
    public static OutgoingEmail addTo(OutgoingEmail email, Link link) {
        return addTo(email, link, Optional.empty());
    }

    /**
     * As {@link #addTo(OutgoingEmail, Link)}, with the optional {@code mailto:} unsubscribe; a part
     * that already shows the link (the mail layout's footer) is left as it is.
     */
    public static OutgoingEmail addTo(OutgoingEmail email, Link link, Optional<String> mailto) {
        Map<String, String> headers = new LinkedHashMap<>();
        email.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase(LIST_UNSUBSCRIBE) && !name.equalsIgnoreCase(LIST_UNSUBSCRIBE_POST)) {
                headers.put(name, value);
            }
        });
        headers.putAll(headers(link.url(), mailto));
        String text = email.text() != null && email.text().contains(link.url()) ? email.text()
                : withTextFooter(email.text(), link.url());
        String html = email.html() != null && email.html().contains(escapeHtml(link.url())) ? email.html()
                : withHtmlFooter(email.html(), link.url());
        return new OutgoingEmail(email.senderName(), email.to(), email.subject(), text, html, headers);
    }

    /**
     * {@code <campaign.host>}: the campaign's id under the host of the link's public base URL, a
     * domain the stack owns, as RFC 2919 asks of a list identifier.
     */
    public static String listId(String campaignId, String linkUrl) {
        String host = URI.create(linkUrl).getHost();
        return "<" + campaignId + "." + (host == null ? "localhost" : host.replaceAll("[^A-Za-z0-9.-]", "")) + ">";
    }

    private static String checkBaseUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("unsubscribe links need PUBLIC_BASE_URL (the https address of the API)");
        }
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.length() > MAX_BASE_URL_LENGTH || !URL_CHARS.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("PUBLIC_BASE_URL must be a plain ASCII URL of at most "
                    + MAX_BASE_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("PUBLIC_BASE_URL is not a valid URL", e);
        }
        boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost())
                || "[::1]".equals(uri.getHost());
        if (!("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            throw new IllegalArgumentException("PUBLIC_BASE_URL must be https (RFC 8058 one-click needs it)");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("PUBLIC_BASE_URL must be scheme, host and optional path only");
        }
        return trimmed;
    }

    private static void checkLinkUrl(String url) {
        if (url == null || !(url.startsWith("https://") || LOCAL_HTTP.matcher(url).matches())
                || url.length() > MAX_BASE_URL_LENGTH + 200 || !URL_CHARS.matcher(url).matches()) {
            throw new IllegalArgumentException("not an unsubscribe link URL");
        }
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
