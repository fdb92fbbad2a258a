package com.leadpipe.campaign;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a campaign file and checks everything a deploy relies on, collecting every problem with
 * its file and field instead of stopping at the first. The same code runs at build time
 * ({@link CampaignLint}), in tests and in the functions, so they cannot disagree.
 */
public final class CampaignParser {

    public static final Pattern CAMPAIGN_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    static final Pattern FIELD_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,31}");
    /** Names the form itself uses; a campaign field may not shadow them. */
    static final Set<String> RESERVED_FIELDS = Set.of("email", "consent", "website", "t", "campaign");

    static final int MAX_TEXT_LENGTH = 2000;
    static final int DEFAULT_TEXT_LENGTH = 200;
    static final int MAX_LINK_LIFETIME_HOURS = 24 * 30;

    private final String file;
    private final List<CampaignException.Problem> problems = new ArrayList<>();

    private CampaignParser(String file) {
        this.file = file;
    }

    /**
     * @param file       a name for messages, e.g. {@code campaigns/demo.yaml}
     * @param expectedId the id the file name implies; the file's {@code id} must match it
     * @throws CampaignException listing every problem found
     */
    public static Campaign parse(String file, String expectedId, String yaml) {
        return new CampaignParser(file).parse(expectedId, yaml);
    }

    private Campaign parse(String expectedId, String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build())
                    .loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new CampaignException(List.of(new CampaignException.Problem(file, "", "not valid YAML: "
                    + e.getMessage().replace('\n', ' '))));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new CampaignException(List.of(new CampaignException.Problem(file, "",
                    "must be a YAML mapping with id, title, consent, page, confirmation, thanks, confirmed")));
        }
        Node top = new Node("", map);

        String id = top.string("id", true, 64);
        if (id != null && !CAMPAIGN_ID.matcher(id).matches()) {
            problem("id", "must be lowercase letters, digits and hyphens (got '" + id + "')");
        } else if (id != null && expectedId != null && !id.equals(expectedId)) {
            problem("id", "is '" + id + "' but the file is named '" + expectedId + ".yaml'; they must match");
        }
        String title = top.string("title", true, 200);

        Node senderNode = top.child("sender", true);
        String senderName = senderNode == null ? null : senderNode.string("name", true, 100);
        if (senderName != null && senderName.matches(".*[\"<>\r\n].*")) {
            problem("sender.name", "must not contain quotes, angle brackets or line breaks");
        }

        Node consentNode = top.child("consent", true);
        Campaign.Consent consent = consentNode == null ? null : new Campaign.Consent(
                consentNode.string("version", true, 40), consentNode.string("text", true, 1000));

        Node pageNode = top.child("page", true);
        Campaign.Page page = pageNode == null ? null : page(pageNode);

        List<FieldSpec> fields = fields(top);

        Node confirmationNode = top.child("confirmation", true);
        Campaign.Confirmation confirmation = confirmationNode == null ? null : confirmation(confirmationNode);

        Campaign.PageCopy thanks = pageCopy(top.child("thanks", true));
        Campaign.PageCopy confirmed = pageCopy(top.child("confirmed", true));

        top.rejectUnknown(Set.of("id", "title", "sender", "consent", "page", "fields", "confirmation", "thanks",
                "confirmed"));

        if (!problems.isEmpty()) {
            throw new CampaignException(problems);
        }
        return new Campaign(id, title, senderName, consent, page, fields, confirmation, thanks, confirmed);
    }

    private Campaign.Page page(Node node) {
        String headline = node.string("headline", true, 200);
        String copy = node.string("copy", false, 5000);
        List<String> bullets = node.stringList("bullets", 12, 300);
        String image = node.string("imageUrl", false, 2000);
        if (image != null && !isHttpsUrl(image)) {
            problem(node.path("imageUrl"), "must be an https:// URL");
        }
        String submitLabel = node.string("submitLabel", false, 60);
        node.rejectUnknown(Set.of("headline", "copy", "bullets", "imageUrl", "submitLabel"));
        return new Campaign.Page(headline, copy == null ? "" : copy, bullets, Optional.ofNullable(image),
                submitLabel == null ? "Subscribe" : submitLabel);
    }

    private List<FieldSpec> fields(Node top) {
        Object raw = top.map.get("fields");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            problem("fields", "must be a list of fields");
            return List.of();
        }
        List<FieldSpec> fields = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "fields[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problem(path, "must be a mapping with name, label and type");
                continue;
            }
            Node node = new Node(path, m);
            String name = node.string("name", true, 32);
            if (name != null) {
                if (!FIELD_NAME.matcher(name).matches()) {
                    problem(node.path("name"), "must start with a letter and hold only letters, digits and _");
                } else if (RESERVED_FIELDS.contains(name) || name.startsWith("utm_")) {
                    problem(node.path("name"), "'" + name + "' is reserved by the form");
                } else if (!seen.add(name)) {
                    problem(node.path("name"), "'" + name + "' is used by another field");
                }
            }
            String label = node.string("label", true, 200);
            String typeName = node.string("type", false, 20);
            FieldSpec.Type type = FieldSpec.Type.TEXT;
            if (typeName != null) {
                Optional<FieldSpec.Type> t = FieldSpec.Type.fromYaml(typeName);
                if (t.isEmpty()) {
                    problem(node.path("type"), "must be one of text, textarea, tel, url, number, choice (got '"
                            + typeName + "')");
                } else {
                    type = t.get();
                }
            }
            boolean required = node.bool("required", false);
            Integer maxLength = node.integer("maxLength", 1, MAX_TEXT_LENGTH);
            Optional<BigDecimal> min = Optional.ofNullable(node.decimal("min"));
            Optional<BigDecimal> max = Optional.ofNullable(node.decimal("max"));
            if ((min.isPresent() || max.isPresent()) && type != FieldSpec.Type.NUMBER) {
                problem(node.path("min"), "min and max apply to number fields only");
            }
            if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
                problem(node.path("min"), "is greater than max");
            }
            List<String> options = node.stringList("options", 50, 200);
            if (type == FieldSpec.Type.CHOICE && options.isEmpty()) {
                problem(node.path("options"), "a choice field needs at least one option");
            } else if (type != FieldSpec.Type.CHOICE && !options.isEmpty()) {
                problem(node.path("options"), "options apply to choice fields only");
            }
            if (options.size() != new java.util.HashSet<>(options).size()) {
                problem(node.path("options"), "has the same option twice");
            }
            node.rejectUnknown(Set.of("name", "label", "type", "required", "maxLength", "min", "max", "options"));
            fields.add(new FieldSpec(name, label, type, required,
                    maxLength == null ? (type == FieldSpec.Type.TEXTAREA ? MAX_TEXT_LENGTH : DEFAULT_TEXT_LENGTH)
                            : maxLength,
                    min, max, options));
        }
        return fields;
    }

    private Campaign.Confirmation confirmation(Node node) {
        Integer hours = node.integer("linkLifetimeHours", 1, MAX_LINK_LIFETIME_HOURS);
        String subject = node.string("subject", true, 200);
        if (subject != null && subject.matches("(?s).*[\r\n].*")) {
            problem(node.path("subject"), "must be one line");
        }
        String text = node.string("text", true, 20_000);
        String html = node.string("html", true, 100_000);
        template(node.path("subject"), subject, false);
        template(node.path("text"), text, true);
        template(node.path("html"), html, true);
        node.rejectUnknown(Set.of("linkLifetimeHours", "subject", "text", "html"));
        return new Campaign.Confirmation(Duration.ofHours(hours == null ? 48 : hours), subject, text, html);
    }

    private void template(String path, String source, boolean needsConfirmUrl) {
        if (source == null) {
            return;
        }
        try {
            Mustache.compiler().compile(source);
        } catch (MustacheException e) {
            problem(path, "is not a valid template: " + e.getMessage());
            return;
        }
        if (needsConfirmUrl && !source.contains("{{confirmUrl}}") && !source.contains("{{{confirmUrl}}}")) {
            problem(path, "must contain {{confirmUrl}}, the link that confirms the subscription");
        }
    }

    private Campaign.PageCopy pageCopy(Node node) {
        if (node == null) {
            return null;
        }
        String headline = node.string("headline", true, 200);
        String copy = node.string("copy", false, 5000);
        node.rejectUnknown(Set.of("headline", "copy"));
        return new Campaign.PageCopy(headline, copy == null ? "" : copy);
    }

    private static boolean isHttpsUrl(String value) {
        try {
            URI uri = new URI(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private void problem(String field, String message) {
        problems.add(new CampaignException.Problem(file, field, message));
    }

    /** A mapping in the file and its dotted path, with typed getters that record problems. */
    private final class Node {
        final String prefix;
        final Map<?, ?> map;

        Node(String prefix, Map<?, ?> map) {
            this.prefix = prefix;
            this.map = map;
        }

        String path(String key) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        Node child(String key, boolean required) {
            Object value = map.get(key);
            if (value == null) {
                if (required) {
                    problem(path(key), "is required");
                }
                return null;
            }
            if (!(value instanceof Map<?, ?> m)) {
                problem(path(key), "must be a mapping");
                return null;
            }
            return new Node(path(key), m);
        }

        String string(String key, boolean required, int maxLength) {
            Object value = map.get(key);
            if (value == null || (value instanceof String s && s.isBlank())) {
                if (required) {
                    problem(path(key), "is required");
                }
                return null;
            }
            if (!(value instanceof String) && !(value instanceof Number)) {
                problem(path(key), "must be text");
                return null;
            }
            String text = value.toString();
            if (text.length() > maxLength) {
                problem(path(key), "is longer than " + maxLength + " characters");
            }
            return text;
        }

        List<String> stringList(String key, int maxItems, int maxLength) {
            Object value = map.get(key);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                problem(path(key), "must be a list");
                return List.of();
            }
            if (list.size() > maxItems) {
                problem(path(key), "has more than " + maxItems + " items");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (!(item instanceof String) && !(item instanceof Number) || item.toString().isBlank()) {
                    problem(path(key) + "[" + i + "]", "must be non-empty text");
                } else if (item.toString().length() > maxLength) {
                    problem(path(key) + "[" + i + "]", "is longer than " + maxLength + " characters");
                } else {
                    out.add(item.toString());
                }
            }
            return out;
        }

        boolean bool(String key, boolean fallback) {
            Object value = map.get(key);
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof Boolean b)) {
                problem(path(key), "must be true or false");
                return fallback;
            }
            return b;
        }

        Integer integer(String key, int min, int max) {
            Object value = map.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Integer || value instanceof Long)) {
                problem(path(key), "must be a whole number");
                return null;
            }
            long n = ((Number) value).longValue();
            if (n < min || n > max) {
                problem(path(key), "must be between " + min + " and " + max + " (got " + n + ")");
                return null;
            }
            return (int) n;
        }

        BigDecimal decimal(String key) {
            Object value = map.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Number)) {
                problem(path(key), "must be a number");
                return null;
            }
            return new BigDecimal(value.toString());
        }

        void rejectUnknown(Set<String> known) {
            for (Object key : map.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    problem(path(String.valueOf(key)), "is not a known setting (known: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }
    }
}
