package com.leadpipe.web;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.FieldSpec;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.template.Templates;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-rendered pages: small, work without JavaScript, every campaign and visitor value
 * HTML-escaped by Mustache ({@code {{x}}}); only our own rendered fragments use {@code {{{x}}}}.
 */
public final class Pages {

    private static final Mustache.Compiler HTML = Templates.HTML;
    private static final Template LAYOUT = compile("layout");
    private static final Template FORM = compile("form");
    /** The form's hidden attribution inputs, a fragment of their own so a cached landing page can take a visit's. */
    private static final Template ATTRIBUTION = compile("form-attribution");
    private static final Template MESSAGE = compile("message");
    private static final Template CONFIRM = compile("confirm");
    private static final Template UNSUBSCRIBE = compile("unsubscribe");
    private static final Template HANDOFF = compile("handoff");
    /** Autofill hints for common field names, so phones offer the right values. */
    private static final Map<String, String> AUTOCOMPLETE = Map.of("firstName", "given-name", "lastName",
            "family-name", "name", "name", "company", "organization", "phone", "tel");
    private static final Template HANDOFF_ACK = compile("handoff-ack");
    /** CSP for the confirm page: allows exactly its inline auto-submit script, by hash. */
    private static final String CONFIRM_CSP = confirmCsp();

    private Pages() {
    }

    /** The signup form; with the visitor's values and field errors when it is shown again. */
    public static String form(Campaign campaign, String action, Map<String, String> values,
                              Map<String, String> errors) {
        return form(campaign, action, values, errors, attributionInputs(values));
    }

    /**
     * The hidden inputs carrying {@code values}' attribution (UTM parameters, referrer) along with
     * the form; {@link LandingPages} puts them into a landing page rendered once per campaign.
     */
    static String attributionInputs(Map<String, String> values) {
        // Attribution rides along in hidden inputs from the landing page's own URL and referrer.
        return ATTRIBUTION.execute(Map.of("hidden", com.leadpipe.subscribe.SignupForm.ATTRIBUTION.stream()
                .filter(n -> !values.getOrDefault(n, "").isEmpty())
                .map(n -> Map.of("name", n, "value", values.get(n))).toList()));
    }

    /** @param attributionInputs HTML, put in unescaped: {@link #attributionInputs} or {@link LandingPages}' slot */
    static String form(Campaign campaign, String action, Map<String, String> values, Map<String, String> errors,
                       String attributionInputs) {
        Map<String, Object> model = new HashMap<>();
        Campaign.Page page = campaign.page();
        model.put("page", Map.of("headline", page.headline(), "copy", page.copy(), "bullets", page.bullets(),
                "imageUrl", page.imageUrl().orElse(""), "imageAlt", page.imageAlt(), "submitLabel", page.submitLabel(),
                "trustLine", page.trustLine()));
        model.put("privacyUrl", campaign.consent().privacyUrl().orElse(""));
        model.put("hasBullets", !campaign.page().bullets().isEmpty());
        model.put("action", action);
        model.put("email", Map.of("value", values.getOrDefault("email", ""), "error", errors.getOrDefault("email", "")));
        model.put("consent", Map.of("error", errors.getOrDefault("consent", "")));
        model.put("consentChecked", !values.getOrDefault("consent", "").isEmpty() && !errors.containsKey("consent"));
        model.put("consentText", campaign.consent().text());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (FieldSpec f : campaign.fields()) {
            Map<String, Object> m = new HashMap<>();
            String value = values.getOrDefault(f.name(), "");
            m.put("name", f.name());
            m.put("label", f.label());
            m.put("required", f.required());
            m.put("maxLength", f.maxLength());
            m.put("inputType", f.type().inputType());
            m.put("autocomplete", AUTOCOMPLETE.getOrDefault(f.name(), ""));
            m.put("value", value);
            m.put("error", errors.getOrDefault(f.name(), ""));
            m.put("choice", f.type() == FieldSpec.Type.CHOICE);
            m.put("textarea", f.type() == FieldSpec.Type.TEXTAREA);
            m.put("input", f.type() != FieldSpec.Type.CHOICE && f.type() != FieldSpec.Type.TEXTAREA);
            m.put("options", f.options().stream().map(o -> Map.of("value", o, "selected", o.equals(value))).toList());
            fields.add(m);
        }
        model.put("fields", fields);
        // The widget adds its token field to the form; its script needs the CSP of CampaignPages.form.
        campaign.captcha().ifPresent(c -> model.put("captcha", Map.of("widgetClass", c.provider().widgetClass(),
                "siteKey", c.siteKey(), "scriptUrl", c.provider().scriptUrl())));
        model.put("attributionInputs", attributionInputs);
        List<Map<String, String>> errorList = new ArrayList<>();
        // Summary in form order, each linking to its field.
        List<String> order = new ArrayList<>();
        order.add("email");
        campaign.fields().forEach(f -> order.add(f.name()));
        order.add("consent");
        for (String name : order) {
            if (errors.containsKey(name)) {
                errorList.add(Map.of("field", name, "message", errors.get(name)));
            }
        }
        model.put("hasErrors", !errorList.isEmpty());
        model.put("errorList", errorList);
        String title = errorList.isEmpty() ? campaign.title() : "Error: " + campaign.title();
        Map<String, Object> frame = frame(PageLook.of(campaign), title, "wide", true);
        frame.put("description", page.description());
        frame.put("ogTitle", page.headline());
        frame.put("ogImage", page.imageUrl().orElse(""));
        return render(frame, FORM.execute(model));
    }

    public static String message(String title, String headline, List<String> paragraphs,
                                 Optional<String> linkUrl, String linkText) {
        return message(title, headline, paragraphs, linkUrl, linkText, Optional.empty());
    }

    /** @param second a second link, URL to text (the hand-raise link of the confirmed page) */
    public static String message(String title, String headline, List<String> paragraphs,
                                 Optional<String> linkUrl, String linkText, Optional<Map.Entry<String, String>> second) {
        return message(PageLook.neutral(), title, headline, paragraphs, linkUrl, linkText, second);
    }

    /** A short page in the campaign's look: a headline, a few paragraphs and up to two buttons. */
    public static String message(PageLook look, String title, String headline, List<String> paragraphs,
                                 Optional<String> linkUrl, String linkText, Optional<Map.Entry<String, String>> second) {
        Map<String, Object> model = new HashMap<>();
        model.put("secondUrl", second.map(Map.Entry::getKey).orElse(""));
        model.put("secondText", second.map(Map.Entry::getValue).orElse(""));
        model.put("headline", headline);
        model.put("paragraphs", paragraphs.stream().filter(p -> !p.isBlank()).toList());
        model.put("linkUrl", linkUrl.orElse(""));
        model.put("linkText", linkText);
        return render(frame(look, title, "narrow", false), MESSAGE.execute(model));
    }

    /** The survey, with the answers given so far (or just posted, when some need fixing). */
    public static String survey(com.leadpipe.campaign.Survey survey, String action, String token,
                                Map<String, List<String>> answers, Map<String, String> errors, boolean saved) {
        return survey(survey, action, token, answers, errors, saved, Optional.empty());
    }

    /** @param talk the hand-raise link (URL to text): the next step on the closing page */
    public static String survey(com.leadpipe.campaign.Survey survey, String action, String token,
                                Map<String, List<String>> answers, Map<String, String> errors, boolean saved,
                                Optional<Map.Entry<String, String>> talk) {
        return SurveyPage.render(PageLook.neutral(), survey, action, token, answers, errors, saved, talk, "");
    }

    /** GET /confirm: a button, never a state change, so link-scanning mail gateways confirm nobody. */
    public static HttpResponse confirmPrompt(Campaign campaign, String action, String token) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("campaignTitle", campaign.title());
        model.put("action", action);
        model.put("token", token);
        return HttpResponse.html(200, render(frame(PageLook.of(campaign), "Confirm your subscription", "narrow", false),
                CONFIRM.execute(model)), CONFIRM_CSP);
    }

    /**
     * GET /unsubscribe: a button, never a state change, so link-scanning mail gateways unsubscribe
     * nobody. No auto-submit script either (unlike the confirm page): scanners that run scripts
     * must not be able to press it.
     *
     * @param listName what the person is unsubscribing from, e.g. the campaign's title
     */
    public static HttpResponse unsubscribePrompt(String listName, String action, String token) {
        return unsubscribePrompt(PageLook.neutral(), listName, action, token);
    }

    /** As {@link #unsubscribePrompt(String, String, String)}, in the campaign's look. */
    public static HttpResponse unsubscribePrompt(PageLook look, String listName, String action, String token) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("listName", listName);
        model.put("action", action);
        model.put("token", token);
        return HttpResponse.html(200, render(frame(look, "Unsubscribe", "narrow", false), UNSUBSCRIBE.execute(model)));
    }

    /**
     * GET /c/{campaign}/talk: the hand-raise form, never a state change (scanners open links).
     *
     * @param values what was posted, when it needs fixing ({@code channel}, {@code phone}, ...)
     */
    public static HttpResponse handoffForm(Campaign.Handoff handoff, String action, String token,
                                           Map<String, String> values, Optional<String> error) {
        return handoffForm(PageLook.neutral(), handoff, action, token, values, error);
    }

    /** As above, in the campaign's look. */
    public static HttpResponse handoffForm(PageLook look, Campaign.Handoff handoff, String action, String token,
                                           Map<String, String> values, Optional<String> error) {
        Map<String, Object> model = new LinkedHashMap<>(values);
        String chosen = values.getOrDefault("channel", handoff.channels().get(0).id());
        model.put("channels", handoff.channels().stream().map(c -> Map.of("id", c.id(), "label", c.label(),
                "checked", c.id().equals(chosen))).toList());
        model.putAll(Map.of("headline", handoff.headline(), "copy", handoff.copy(), "submitLabel", handoff.submitLabel(),
                "action", action, "token", token, "error", error.orElse(""), "askPhone", handoff.askPhone(),
                "askBestTime", handoff.askBestTime(), "askMessage", handoff.askMessage()));
        for (String field : List.of("phone", "bestTime", "message")) {
            model.putIfAbsent(field, "");
        }
        return HttpResponse.html(error.isEmpty() ? 200 : 400, render(frame(look,
                error.isEmpty() ? handoff.headline() : "Error: " + handoff.headline(), "narrow", false),
                HANDOFF.execute(model)));
    }

    /** GET /c/{campaign}/talk/ack: the notice's "I've got this" button, never a state change. */
    public static HttpResponse handoffAckPrompt(PageLook look, String campaignTitle, String raisedAt, String action,
                                                String token) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("campaignTitle", campaignTitle);
        model.put("raisedAt", raisedAt);
        model.put("action", action);
        model.put("token", token);
        return HttpResponse.html(200, render(frame(look, "Take this lead?", "narrow", false), HANDOFF_ACK.execute(model)));
    }

    /**
     * The layout's values for a page: its look, title, width ({@code wide} for the landing page,
     * {@code narrow} for one card) and whether search engines may index it. Callers add
     * {@code description}, {@code ogTitle} and {@code ogImage} for a page worth sharing.
     */
    static Map<String, Object> frame(PageLook look, String title, String width, boolean indexable) {
        Map<String, Object> model = new HashMap<>();
        model.put("look", look.model());
        model.put("title", title);
        model.put("width", width);
        model.put("year", java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
        model.put("robots", indexable ? "index,follow" : "noindex,nofollow");
        return model;
    }

    /** A whole page: {@code content} (our own rendered, escaped fragment) inside the layout. */
    static String render(Map<String, Object> frame, String content) {
        frame.put("content", content);
        return LAYOUT.execute(frame);
    }

    static Template compile(String name) {
        return HTML.compile(Templates.resource(name));
    }


    private static String confirmCsp() {
        String source = Templates.resource("confirm");
        String script = source.substring(source.indexOf("<script>") + "<script>".length(), source.indexOf("</script>"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            String hash = Base64.getEncoder().encodeToString(digest);
            return HttpResponse.PAGE_CSP + "; script-src 'sha256-" + hash + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
