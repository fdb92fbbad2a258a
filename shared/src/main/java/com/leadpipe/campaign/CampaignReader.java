package com.leadpipe.campaign;

import com.leadpipe.captcha.CaptchaProvider;
import com.leadpipe.template.MailParts;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a campaign file's tree (the YAML, or the build's JSON copy of it) into a {@link Campaign},
 * applying the defaults and compiling every mail template. It does not validate: the build
 * checked the file against {@code campaigns/campaign.schema.json} and the cross-field rules
 * (CampaignLint), so functions only read. A template that does not compile is still reported
 * with its field, as it is the engine itself that refuses it; anything else unexpected is an
 * error naming the file, never a guess.
 */
public final class CampaignReader {

    public static final Pattern CAMPAIGN_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    static final Pattern DELAY = Pattern.compile("(\\d{1,4})\\s*(m|h|d)");
    static final int MAX_TEXT_LENGTH = 2000;
    static final int DEFAULT_TEXT_LENGTH = 200;
    static final int DEFAULT_ANSWER_LENGTH = 500;

    private final String file;

    private CampaignReader(String file) {
        this.file = file;
    }

    /**
     * @param file a name for messages, e.g. {@code campaigns/demo.yaml}
     * @param tree the file as maps, lists and scalars
     * @throws CampaignException when a template does not compile or the tree is not a campaign
     */
    public static Campaign read(String file, Object tree) {
        try {
            return new CampaignReader(file).campaign((Map<?, ?>) tree);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException | NoSuchElementException e) {
            throw new CampaignException(List.of(new CampaignException.Problem(file, "",
                    "cannot be read (" + e.getClass().getSimpleName() + "); run the campaign check for details")));
        }
    }

    /** {@link #read} on YAML text; for the local runner, IDE runs and tests. */
    public static Campaign fromYaml(String file, String yaml) {
        return read(file, CampaignYaml.load(file, yaml));
    }

    private Campaign campaign(Map<?, ?> top) {
        Map<?, ?> page = map(top, "page");
        Map<?, ?> confirmation = map(top, "confirmation");
        Map<?, ?> embed = map(top, "embed");
        Map<?, ?> consent = map(top, "consent");
        return new Campaign(text(top, "id"), text(top, "title"), PresentationReader.sender(map(top, "sender")),
                PresentationReader.brand(map(top, "brand")),
                new Campaign.Consent(text(consent, "version"), text(consent, "text"),
                        Optional.ofNullable(text(consent, "privacyUrl"))),
                PresentationReader.page(page),
                fields(list(top, "fields")),
                new Campaign.Confirmation(Duration.ofHours(integer(confirmation, "linkLifetimeHours", 48)),
                        mail("confirmation", confirmation)),
                pageCopy(map(top, "thanks")), pageCopy(map(top, "confirmed")),
                new Campaign.Embed(texts(embed, "allowedOrigins"), texts(embed, "frameAncestors")),
                top.get("survey") == null ? Optional.empty() : Optional.of(survey(map(top, "survey"))),
                top.get("sequence") == null ? Optional.empty() : Optional.of(sequence(map(top, "sequence"))),
                top.get("handoff") == null ? Optional.empty() : Optional.of(handoff(map(top, "handoff"))),
                top.get("captcha") == null ? Optional.empty() : Optional.of(captcha(map(top, "captcha"))));
    }

    private static Campaign.Captcha captcha(Map<?, ?> node) {
        return new Campaign.Captcha(CaptchaProvider.fromYaml(text(node, "provider")).orElseThrow(),
                text(node, "siteKey"), "open".equals(text(node, "ifProviderDown", "closed")));
    }

    private static Campaign.Handoff handoff(Map<?, ?> node) {
        Map<?, ?> form = map(node, "form");
        List<Campaign.Channel> channels = new ArrayList<>();
        for (String c : texts(form, "channels")) {
            channels.add(Campaign.Channel.valueOf(c.toUpperCase(Locale.ROOT)));
        }
        if (channels.isEmpty()) {
            channels = List.of(Campaign.Channel.values());
        }
        Map<?, ?> thanks = map(node, "thanks");
        return new Campaign.Handoff(text(node, "headline", "Talk to us"), text(node, "copy", ""),
                text(node, "submitLabel", "Yes, get in touch"),
                new Campaign.PageCopy(text(thanks, "headline", "Thanks, we'll be in touch"), text(thanks, "copy", "")),
                channels, !Boolean.FALSE.equals(form.get("phone")), !Boolean.FALSE.equals(form.get("bestTime")),
                !Boolean.FALSE.equals(form.get("message")), text(node, "tag", "sales-ready"), texts(node, "notify"),
                Boolean.TRUE.equals(node.get("notifyOnHot")),
                node.get("acknowledgeWithin") == null ? Optional.empty()
                        : Optional.of(delay(text(node, "acknowledgeWithin"))));
    }

    private static List<FieldSpec> fields(List<?> list) {
        List<FieldSpec> fields = new ArrayList<>();
        for (Object item : list) {
            Map<?, ?> f = (Map<?, ?>) item;
            FieldSpec.Type type = FieldSpec.Type.fromYaml(text(f, "type", "text")).orElseThrow();
            int maxLength = integer(f, "maxLength", type == FieldSpec.Type.TEXTAREA ? MAX_TEXT_LENGTH : DEFAULT_TEXT_LENGTH);
            fields.add(new FieldSpec(text(f, "name"), text(f, "label"), type, bool(f, "required"), maxLength,
                    decimal(f, "min"), decimal(f, "max"), texts(f, "options"), bool(f, "shareable")));
        }
        return fields;
    }

    private MailParts mail(String path, Map<?, ?> node) {
        try {
            return MailParts.compile(text(node, "subject"), text(node, "text"), text(node, "html"));
        } catch (MailParts.InvalidTemplate e) {
            throw new CampaignException(List.of(new CampaignException.Problem(file, path + "." + e.part(),
                    "is not a valid template: " + e.getMessage())));
        }
    }

    private static Campaign.PageCopy pageCopy(Map<?, ?> node) {
        return new Campaign.PageCopy(text(node, "headline"), text(node, "copy", ""));
    }

    private static Survey survey(Map<?, ?> node) {
        List<Survey.Question> questions = new ArrayList<>();
        for (Object item : list(node, "questions")) {
            Map<?, ?> q = (Map<?, ?>) item;
            Survey.QuestionType type = Survey.QuestionType.fromYaml(text(q, "type")).orElseThrow();
            List<Survey.Option> options = switch (type) {
                case SINGLE, MULTIPLE -> options(list(q, "options"));
                case SCALE -> scale(map(q, "scale"));
                case TEXT -> List.of();
            };
            questions.add(new Survey.Question(text(q, "id"), text(q, "text"), type, bool(q, "required"), options,
                    integer(q, "maxLength", DEFAULT_ANSWER_LENGTH)));
        }
        Map<?, ?> thanks = map(node, "thanks");
        return new Survey(text(node, "title", "A few quick questions"), text(node, "intro", ""), questions,
                qualification(map(node, "qualification"), questions),
                new Campaign.PageCopy(text(thanks, "headline", "Thanks, that's everything"), text(thanks, "copy",
                        "Your answers help us send you only what fits. Watch your inbox for the next email.")));
    }

    private static List<Survey.Option> options(List<?> list) {
        List<Survey.Option> options = new ArrayList<>();
        for (Object item : list) {
            Map<?, ?> o = (Map<?, ?>) item;
            options.add(new Survey.Option(text(o, "id"), text(o, "label"), axes(map(o, "points")),
                    Set.copyOf(texts(o, "tags"))));
        }
        return options;
    }

    /** One option per step, "1".."5" by default, so the points per step are explicit. */
    private static List<Survey.Option> scale(Map<?, ?> node) {
        int lo = integer(node, "min", 1);
        int hi = integer(node, "max", 5);
        Optional<Survey.Axis> axis = text(node, "axis") == null ? Optional.empty() : Survey.Axis.fromYaml(text(node, "axis"));
        int perStep = integer(node, "pointsPerStep", 1);
        String minLabel = text(node, "minLabel");
        String maxLabel = text(node, "maxLabel");
        List<Survey.Option> options = new ArrayList<>();
        for (int v = lo; v <= hi; v++) {
            String label = v == lo && minLabel != null ? v + " – " + minLabel
                    : v == hi && maxLabel != null ? v + " – " + maxLabel : String.valueOf(v);
            Map<Survey.Axis, Integer> points = axis.isPresent() ? Map.of(axis.get(), (v - lo) * perStep) : Map.of();
            options.add(new Survey.Option(String.valueOf(v), label, points, Set.of()));
        }
        return options;
    }

    /** The most points a lead can score per axis: the best option per question, all positive ones when multiple. */
    public static Map<Survey.Axis, Integer> mostPoints(List<Survey.Question> questions) {
        Map<Survey.Axis, Integer> best = new EnumMap<>(Survey.Axis.class);
        for (Survey.Axis axis : Survey.Axis.values()) {
            int sum = 0;
            for (Survey.Question q : questions) {
                // Loops, not streams: this runs when every function starts (cold start).
                int most = 0;
                for (Survey.Option o : q.options()) {
                    int points = o.points().getOrDefault(axis, 0);
                    most = q.type() == Survey.QuestionType.MULTIPLE ? most + Math.max(0, points) : Math.max(most, points);
                }
                sum += Math.max(0, most);
            }
            best.put(axis, sum);
        }
        return best;
    }

    private static Survey.Qualification qualification(Map<?, ?> node, List<Survey.Question> questions) {
        // Default thresholds: half of what the survey can award on each axis, rounded up.
        Map<Survey.Axis, Integer> thresholds = new EnumMap<>(Survey.Axis.class);
        for (Map.Entry<Survey.Axis, Integer> most : mostPoints(questions).entrySet()) {
            if (most.getValue() > 0) {
                thresholds.put(most.getKey(), (most.getValue() + 1) / 2);
            }
        }
        if (node.get("thresholds") != null) {
            thresholds = axes(map(node, "thresholds"));
        }
        Map<Survey.Axis, Integer> hot = node.get("hot") != null ? axes(map(node, "hot")) : thresholds;
        Map<Survey.Axis, Integer> warm = node.get("warm") != null ? axes(map(node, "warm"))
                : thresholds.containsKey(Survey.Axis.INTEREST)
                        ? Map.of(Survey.Axis.INTEREST, thresholds.get(Survey.Axis.INTEREST)) : Map.of();
        Set<Survey.Temperature> qualifiedWhen = new HashSet<>();
        for (String name : texts(node, "qualifiedWhen")) {
            qualifiedWhen.add(temperature(name));
        }
        List<Survey.TagRule> rules = new ArrayList<>();
        for (Object item : list(node, "tags")) {
            Map<?, ?> when = map((Map<?, ?>) item, "when");
            Map<Object, Object> minimums = new HashMap<>(when);
            minimums.remove("temperature");
            String temperature = text(when, "temperature");
            rules.add(new Survey.TagRule(text((Map<?, ?>) item, "tag"), axes(minimums),
                    temperature == null ? Optional.empty() : Optional.of(temperature(temperature))));
        }
        return new Survey.Qualification(hot, warm, qualifiedWhen.isEmpty() ? Set.of(Survey.Temperature.HOT)
                : qualifiedWhen, rules);
    }

    private Sequence sequence(Map<?, ?> node) {
        List<Sequence.Step> steps = new ArrayList<>();
        List<?> list = list(node, "steps");
        for (int i = 0; i < list.size(); i++) {
            Map<?, ?> s = (Map<?, ?>) list.get(i);
            Sequence.After after = "confirmation".equals(text(s, "after"))
                    ? Sequence.After.CONFIRMATION : Sequence.After.PREVIOUS;
            Optional<Sequence.Condition> when = s.get("when") == null ? Optional.empty()
                    : Optional.of(condition(map(s, "when")));
            steps.add(new Sequence.Step(text(s, "id"), delay(text(s, "delay")), after, when,
                    mail("sequence.steps[" + i + "]", s)));
        }
        return new Sequence(steps);
    }

    /** {@code 0}, {@code 30m}, {@code 2h}, {@code 3d}. */
    static Duration delay(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DELAY.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a delay: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Sequence.Condition condition(Map<?, ?> node) {
        Set<Survey.Temperature> temperatures = new HashSet<>();
        for (String t : oneOrMany(node, "temperature")) {
            temperatures.add(temperature(t));
        }
        return new Sequence.Condition(temperatures, new HashSet<>(oneOrMany(node, "stage")),
                new HashSet<>(oneOrMany(node, "tags")), new HashSet<>(oneOrMany(node, "notTags")));
    }

    static Survey.Temperature temperature(String name) {
        return Survey.Temperature.valueOf(name.toUpperCase(Locale.ROOT));
    }

    // ---- the tree: scalars may be text or numbers, as YAML gives them; absent members read as empty

    private static List<String> oneOrMany(Map<?, ?> node, String key) {
        Object value = node.get(key);
        return value instanceof List<?> ? texts(node, key) : value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static Map<Survey.Axis, Integer> axes(Map<?, ?> node) {
        Map<Survey.Axis, Integer> out = new EnumMap<>(Survey.Axis.class);
        for (Map.Entry<?, ?> e : node.entrySet()) {
            out.put(Survey.Axis.fromYaml(String.valueOf(e.getKey())).orElseThrow(), ((Number) e.getValue()).intValue());
        }
        return out;
    }

    static Map<?, ?> map(Map<?, ?> node, String key) {
        Object value = node.get(key);
        return value == null ? Map.of() : (Map<?, ?>) value;
    }

    static List<?> list(Map<?, ?> node, String key) {
        Object value = node.get(key);
        return value == null ? List.of() : (List<?>) value;
    }

    /** Text or a number as text; null when absent or blank. */
    static String text(Map<?, ?> node, String key) {
        Object value = node.get(key);
        if (value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Boolean) {
            throw new IllegalArgumentException(key + " is not text");
        }
        String text = value == null ? null : String.valueOf(value);
        return text == null || text.isBlank() ? null : text;
    }

    static String text(Map<?, ?> node, String key, String fallback) {
        String text = text(node, key);
        return text == null ? fallback : text;
    }

    static List<String> texts(Map<?, ?> node, String key) {
        List<String> out = new ArrayList<>();
        for (Object item : list(node, key)) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    private static int integer(Map<?, ?> node, String key, int fallback) {
        Object value = node.get(key);
        return value == null ? fallback : ((Number) value).intValue();
    }

    private static boolean bool(Map<?, ?> node, String key) {
        return Boolean.TRUE.equals(node.get(key));
    }

    private static Optional<BigDecimal> decimal(Map<?, ?> node, String key) {
        Object value = node.get(key);
        return value == null ? Optional.empty() : Optional.of(new BigDecimal(((Number) value).toString()));
    }
}
