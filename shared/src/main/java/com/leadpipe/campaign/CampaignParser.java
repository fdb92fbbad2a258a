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

        Node embedNode = top.child("embed", false);
        Campaign.Embed embed = embedNode == null ? Campaign.Embed.none() : embed(embedNode);
        Node surveyNode = top.child("survey", false);
        Optional<Survey> survey = surveyNode == null ? Optional.empty() : Optional.ofNullable(survey(surveyNode));

        Node sequenceNode = top.child("sequence", false);
        Optional<Sequence> sequence = sequenceNode == null ? Optional.empty() : Optional.of(sequence(sequenceNode));

        top.rejectUnknown(Set.of("id", "title", "sender", "consent", "page", "fields", "confirmation", "thanks",
                "confirmed", "embed", "survey", "sequence"));

        if (!problems.isEmpty()) {
            throw new CampaignException(problems);
        }
        return new Campaign(id, title, senderName, consent, page, fields, confirmation, thanks, confirmed, embed, survey,
                sequence);
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

    static final Pattern DELAY = Pattern.compile("(\\d{1,4})\\s*(m|h|d)");

    private Sequence sequence(Node node) {
        Object raw = node.map.get("steps");
        List<Sequence.Step> steps = new ArrayList<>();
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problem(node.path("steps"), "a sequence needs a list of steps");
        } else {
            Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String path = node.path("steps") + "[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    problem(path, "must be a mapping with id, delay, subject, text and html");
                    continue;
                }
                Node s = new Node(path, m);
                String id = s.string("id", true, 40);
                if (id != null && !id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                    problem(s.path("id"), "must be lowercase letters, digits and hyphens");
                } else if (id != null && !ids.add(id)) {
                    problem(s.path("id"), "'" + id + "' is used by another step; ids must stay unique and stable");
                }
                String delayText = s.string("delay", true, 10);
                java.time.Duration delay = null;
                if (delayText != null) {
                    var m2 = DELAY.matcher(delayText.strip());
                    if (m2.matches()) {
                        long n = Long.parseLong(m2.group(1));
                        delay = switch (m2.group(2)) {
                            case "m" -> java.time.Duration.ofMinutes(n);
                            case "h" -> java.time.Duration.ofHours(n);
                            default -> java.time.Duration.ofDays(n);
                        };
                    } else if (delayText.strip().equals("0")) {
                        delay = java.time.Duration.ZERO;
                    } else {
                        problem(s.path("delay"), "must be a number and a unit: 0, 30m, 2h or 3d (got '" + delayText + "')");
                    }
                }
                String afterText = s.string("after", false, 20);
                Sequence.After after = Sequence.After.PREVIOUS;
                if ("confirmation".equals(afterText)) {
                    after = Sequence.After.CONFIRMATION;
                } else if (afterText != null && !"previous".equals(afterText)) {
                    problem(s.path("after"), "must be confirmation or previous");
                }
                Node whenNode = s.child("when", false);
                Optional<Sequence.Condition> when = whenNode == null ? Optional.empty() : Optional.of(condition(whenNode));
                String subject = s.string("subject", true, 200);
                if (subject != null && subject.matches("(?s).*[\r\n].*")) {
                    problem(s.path("subject"), "must be one line");
                }
                String text = s.string("text", true, 50_000);
                String html = s.string("html", true, 200_000);
                template(s.path("subject"), subject, false);
                template(s.path("text"), text, false);
                template(s.path("html"), html, false);
                s.rejectUnknown(Set.of("id", "delay", "after", "when", "subject", "text", "html"));
                if (id != null && delay != null && subject != null && text != null && html != null) {
                    steps.add(new Sequence.Step(id, delay, after, when, subject, text, html));
                }
            }
        }
        node.rejectUnknown(Set.of("steps"));
        return new Sequence(steps);
    }

    private Sequence.Condition condition(Node node) {
        Set<Survey.Temperature> temperatures = new java.util.HashSet<>();
        for (String t : oneOrMany(node, "temperature")) {
            temperature(node.path("temperature"), t).ifPresent(temperatures::add);
        }
        Set<String> stages = new java.util.HashSet<>(oneOrMany(node, "stage"));
        for (String stage : stages) {
            if (!Set.of("confirmed", "engaged", "qualified").contains(stage)) {
                problem(node.path("stage"), "must be confirmed, engaged or qualified (got '" + stage + "')");
            }
        }
        Set<String> tagsAny = new java.util.HashSet<>(oneOrMany(node, "tags"));
        Set<String> tagsNone = new java.util.HashSet<>(oneOrMany(node, "notTags"));
        tagsAny.forEach(t -> checkTag(node.path("tags"), t));
        tagsNone.forEach(t -> checkTag(node.path("notTags"), t));
        node.rejectUnknown(Set.of("temperature", "stage", "tags", "notTags"));
        if (temperatures.isEmpty() && stages.isEmpty() && tagsAny.isEmpty() && tagsNone.isEmpty()) {
            problem(node.prefix, "needs temperature, stage, tags or notTags");
        }
        return new Sequence.Condition(temperatures, stages, tagsAny, tagsNone);
    }

    /** A value or a list of values. */
    private List<String> oneOrMany(Node node, String key) {
        Object value = node.map.get(key);
        if (value instanceof String s) {
            return List.of(s);
        }
        return node.stringList(key, 20, 40);
    }

    private Campaign.Embed embed(Node node) {
        List<String> origins = node.stringList("allowedOrigins", 20, 200);
        List<String> ancestors = node.stringList("frameAncestors", 20, 200);
        for (int i = 0; i < origins.size(); i++) {
            if (!isOrigin(origins.get(i))) {
                problem(node.path("allowedOrigins") + "[" + i + "]", "must be an origin like https://www.example.com "
                        + "(scheme and host, no path)");
            }
        }
        for (int i = 0; i < ancestors.size(); i++) {
            if (!isOrigin(ancestors.get(i))) {
                problem(node.path("frameAncestors") + "[" + i + "]", "must be an origin like https://www.example.com "
                        + "(scheme and host, no path)");
            }
        }
        node.rejectUnknown(Set.of("allowedOrigins", "frameAncestors"));
        return new Campaign.Embed(origins, ancestors);
    }

    private static boolean isOrigin(String value) {
        return value.matches("https://[a-z0-9.-]+(:[0-9]{1,5})?") || value.matches("http://localhost(:[0-9]{1,5})?");
    }

    private Survey survey(Node node) {
        String title = node.string("title", false, 200);
        String intro = node.string("intro", false, 2000);
        Object raw = node.map.get("questions");
        List<Survey.Question> questions = new ArrayList<>();
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problem(node.path("questions"), "a survey needs a list of questions");
        } else {
            Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String path = node.path("questions") + "[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    problem(path, "must be a mapping with id, text and type");
                    continue;
                }
                Survey.Question q = question(new Node(path, m));
                if (q != null && !ids.add(q.id())) {
                    problem(path + ".id", "'" + q.id() + "' is used by another question");
                }
                if (q != null) {
                    questions.add(q);
                }
            }
        }
        Node qualificationNode = node.child("qualification", false);
        Survey.Qualification qualification = qualification(qualificationNode, questions, node.path("qualification"));
        node.rejectUnknown(Set.of("title", "intro", "questions", "qualification"));
        return new Survey(title == null ? "A few quick questions" : title, intro == null ? "" : intro, questions,
                qualification);
    }

    private Survey.Question question(Node node) {
        String id = node.string("id", true, 32);
        if (id != null && !FIELD_NAME.matcher(id).matches()) {
            problem(node.path("id"), "must start with a letter and hold only letters, digits and _");
        }
        String text = node.string("text", true, 500);
        String typeName = node.string("type", true, 20);
        Survey.QuestionType type = null;
        if (typeName != null) {
            type = Survey.QuestionType.fromYaml(typeName).orElse(null);
            if (type == null) {
                problem(node.path("type"), "must be one of single, multiple, scale, text (got '" + typeName + "')");
            }
        }
        boolean required = node.bool("required", false);
        Integer maxLength = node.integer("maxLength", 1, MAX_TEXT_LENGTH);
        List<Survey.Option> options = new ArrayList<>();
        Set<String> known = new java.util.HashSet<>(Set.of("id", "text", "type", "required"));
        if (type == Survey.QuestionType.SINGLE || type == Survey.QuestionType.MULTIPLE) {
            known.add("options");
            options = options(node);
        } else if (type == Survey.QuestionType.SCALE) {
            known.add("scale");
            options = scale(node.child("scale", true));
        } else if (type == Survey.QuestionType.TEXT) {
            known.add("maxLength");
        }
        node.rejectUnknown(known);
        if (id == null || text == null || type == null) {
            return null;
        }
        return new Survey.Question(id, text, type, required, options, maxLength == null ? 500 : maxLength);
    }

    private List<Survey.Option> options(Node node) {
        Object raw = node.map.get("options");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problem(node.path("options"), "needs a list of options");
            return List.of();
        }
        List<Survey.Option> options = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = node.path("options") + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problem(path, "must be a mapping with id and label");
                continue;
            }
            Node o = new Node(path, m);
            String id = o.string("id", true, 40);
            if (id != null && !id.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
                problem(o.path("id"), "must be lowercase letters, digits, _ and -");
            } else if (id != null && !ids.add(id)) {
                problem(o.path("id"), "'" + id + "' is used by another option");
            }
            String label = o.string("label", true, 300);
            Map<Survey.Axis, Integer> points = axisMap(o.child("points", false), -100, 100);
            List<String> tags = o.stringList("tags", 10, 40);
            tags.forEach(t -> checkTag(o.path("tags"), t));
            o.rejectUnknown(Set.of("id", "label", "points", "tags"));
            if (id != null && label != null) {
                options.add(new Survey.Option(id, label, points, Set.copyOf(tags)));
            }
        }
        return options;
    }

    private List<Survey.Option> scale(Node node) {
        if (node == null) {
            return List.of();
        }
        Integer min = node.integer("min", 0, 10);
        Integer max = node.integer("max", 1, 10);
        String axisName = node.string("axis", false, 20);
        Integer perStep = node.integer("pointsPerStep", 0, 20);
        String minLabel = node.string("minLabel", false, 60);
        String maxLabel = node.string("maxLabel", false, 60);
        node.rejectUnknown(Set.of("min", "max", "axis", "pointsPerStep", "minLabel", "maxLabel"));
        int lo = min == null ? 1 : min;
        int hi = max == null ? 5 : max;
        if (lo >= hi) {
            problem(node.path("max"), "must be greater than min");
            return List.of();
        }
        Optional<Survey.Axis> axis = Optional.empty();
        if (axisName != null) {
            axis = Survey.Axis.fromYaml(axisName);
            if (axis.isEmpty()) {
                problem(node.path("axis"), "must be interest, budget or fit");
            }
        }
        List<Survey.Option> options = new ArrayList<>();
        for (int v = lo; v <= hi; v++) {
            String label = v == lo && minLabel != null ? v + " – " + minLabel
                    : v == hi && maxLabel != null ? v + " – " + maxLabel : String.valueOf(v);
            Map<Survey.Axis, Integer> points = axis.map(a -> Map.of(a, 0)).orElse(Map.of());
            if (axis.isPresent()) {
                points = Map.of(axis.get(), (v - lo) * (perStep == null ? 1 : perStep));
            }
            options.add(new Survey.Option(String.valueOf(v), label, points, Set.of()));
        }
        return options;
    }

    private Survey.Qualification qualification(Node node, List<Survey.Question> questions, String path) {
        // Default thresholds: half of what the survey can award on each axis, rounded up.
        Map<Survey.Axis, Integer> thresholds = new java.util.EnumMap<>(Survey.Axis.class);
        for (Survey.Axis axis : Survey.Axis.values()) {
            int best = 0;
            for (Survey.Question q : questions) {
                int most = q.type() == Survey.QuestionType.MULTIPLE
                        ? q.options().stream().mapToInt(o -> Math.max(0, o.points().getOrDefault(axis, 0))).sum()
                        : q.options().stream().mapToInt(o -> o.points().getOrDefault(axis, 0)).max().orElse(0);
                best += Math.max(0, most);
            }
            if (best > 0) {
                thresholds.put(axis, (best + 1) / 2);
            }
        }
        Map<Survey.Axis, Integer> hot = thresholds;
        Map<Survey.Axis, Integer> warm = thresholds.containsKey(Survey.Axis.INTEREST)
                ? Map.of(Survey.Axis.INTEREST, thresholds.get(Survey.Axis.INTEREST)) : Map.of();
        Set<Survey.Temperature> qualifiedWhen = Set.of(Survey.Temperature.HOT);
        List<Survey.TagRule> rules = new ArrayList<>();
        if (node != null) {
            Node t = node.child("thresholds", false);
            if (t != null) {
                Map<Survey.Axis, Integer> given = axisMap(t, 0, 1000);
                hot = given;
                warm = given.containsKey(Survey.Axis.INTEREST)
                        ? Map.of(Survey.Axis.INTEREST, given.get(Survey.Axis.INTEREST)) : Map.of();
            }
            Node h = node.child("hot", false);
            if (h != null) {
                hot = axisMap(h, 0, 1000);
            }
            Node w = node.child("warm", false);
            if (w != null) {
                warm = axisMap(w, 0, 1000);
            }
            List<String> qualified = node.stringList("qualifiedWhen", 3, 10);
            if (!qualified.isEmpty()) {
                Set<Survey.Temperature> temps = new java.util.HashSet<>();
                for (String name : qualified) {
                    temperature(node.path("qualifiedWhen"), name).ifPresent(temps::add);
                }
                qualifiedWhen = temps;
            }
            Object rawRules = node.map.get("tags");
            if (rawRules instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    String rulePath = node.path("tags") + "[" + i + "]";
                    if (!(list.get(i) instanceof Map<?, ?> m)) {
                        problem(rulePath, "must be a mapping with tag and when");
                        continue;
                    }
                    Node r = new Node(rulePath, m);
                    String tag = r.string("tag", true, 40);
                    if (tag != null) {
                        checkTag(r.path("tag"), tag);
                    }
                    Node when = r.child("when", true);
                    Map<Survey.Axis, Integer> atLeast = Map.of();
                    Optional<Survey.Temperature> temperature = Optional.empty();
                    if (when != null) {
                        String temp = when.string("temperature", false, 10);
                        if (temp != null) {
                            temperature = temperature(when.path("temperature"), temp);
                        }
                        Map<?, ?> axes = new java.util.HashMap<>(when.map);
                        axes.remove("temperature");
                        atLeast = axisMap(new Node(when.prefix, axes), 0, 1000);
                        if (atLeast.isEmpty() && temperature.isEmpty()) {
                            problem(when.prefix, "needs a temperature or minimum points (interest, budget, fit)");
                        }
                    }
                    r.rejectUnknown(Set.of("tag", "when"));
                    if (tag != null) {
                        rules.add(new Survey.TagRule(tag, atLeast, temperature));
                    }
                }
            } else if (rawRules != null) {
                problem(node.path("tags"), "must be a list of {tag, when} rules");
            }
            node.rejectUnknown(Set.of("thresholds", "hot", "warm", "qualifiedWhen", "tags"));
        }
        return new Survey.Qualification(hot, warm, qualifiedWhen, rules);
    }

    private Optional<Survey.Temperature> temperature(String path, String name) {
        try {
            return Optional.of(Survey.Temperature.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            problem(path, "must be cold, warm or hot (got '" + name + "')");
            return Optional.empty();
        }
    }

    private Map<Survey.Axis, Integer> axisMap(Node node, int min, int max) {
        if (node == null) {
            return Map.of();
        }
        Map<Survey.Axis, Integer> out = new java.util.EnumMap<>(Survey.Axis.class);
        for (Object key : node.map.keySet()) {
            Optional<Survey.Axis> axis = Survey.Axis.fromYaml(String.valueOf(key));
            if (axis.isEmpty()) {
                problem(node.path(String.valueOf(key)), "is not an axis: use interest, budget or fit");
                continue;
            }
            Integer value = node.integer(String.valueOf(key), min, max);
            if (value != null) {
                out.put(axis.get(), value);
            }
        }
        return out;
    }

    private void checkTag(String path, String tag) {
        if (!tag.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            problem(path, "tag '" + tag + "' must be lowercase letters, digits and hyphens");
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
