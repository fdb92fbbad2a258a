package com.leadpipe.campaign;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks a JSON Schema cannot express, run on a campaign that already matches the schema:
 * the file's name, unique ids, settings that depend on other settings, references between parts
 * (tags a step waits for, points a threshold needs), exclusive branches, and the mail templates
 * as the engine compiled them ({@link TemplateCheck}).
 */
final class CampaignRules {

    private static final Set<String> CONFIRMATION_VALUES = Set.of("confirmUrl", "campaignTitle",
            TemplateCheck.BUTTON);
    private static final Set<String> NURTURE_VALUES = Set.of("campaignTitle", "temperature", "stage", "tags",
            "unsubscribeUrl", TemplateCheck.BUTTON);
    /** WCAG 2.2 AA for normal text: white button text on the accent, accent links on white. */
    static final double MIN_CONTRAST = 4.5;

    private CampaignRules() {
    }

    /**
     * @param expectedId the id the file name implies
     * @param tree       the file as read (for where a setting was written)
     */
    static List<CampaignException.Problem> check(String file, String expectedId, Map<?, ?> tree, Campaign campaign) {
        Problems problems = new Problems(file);
        if (!campaign.id().equals(expectedId)) {
            problems.add("id", "is '" + campaign.id() + "' but the file is named '" + expectedId
                    + ".yaml'; they must match");
        }
        fields(campaign.fields(), problems);
        if (!campaign.fields().isEmpty() && campaign.consent().privacyUrl().isEmpty()) {
            problems.add("consent.privacyUrl", "is required when the form asks for more than the email address: "
                    + "link the privacy policy that says what you do with the answers");
        }
        double contrast = contrastWithWhite(campaign.brand().accentColor());
        if (contrast < MIN_CONTRAST) {
            problems.add("brand.accentColor", String.format(java.util.Locale.ROOT, "%s has a contrast of %.2f:1 with "
                    + "white; buttons and links need at least 4.5:1 (WCAG AA): choose a darker colour",
                    campaign.brand().accentColor(), contrast));
        }
        Set<String> fieldNames = new HashSet<>();
        campaign.fields().forEach(f -> fieldNames.add(f.name()));
        Set<String> confirmationValues = new HashSet<>(fieldNames);
        confirmationValues.addAll(CONFIRMATION_VALUES);
        TemplateCheck.check("confirmation", campaign.confirmation().mail(), confirmationValues, Set.of("confirmUrl"),
                problems);
        campaign.survey().ifPresent(s -> survey(s, CampaignReader.map(tree, "survey"), problems));
        campaign.sequence().ifPresent(s -> {
            Set<String> nurtureValues = new HashSet<>(fieldNames);
            nurtureValues.addAll(NURTURE_VALUES);
            // A hand-raise link needs the page it leads to: without handoff: it stays an unknown value.
            campaign.handoff().ifPresent(h -> nurtureValues.add("handRaiseUrl"));
            sequence(s, tagsGiven(campaign), nurtureValues, problems);
        });
        campaign.handoff().ifPresent(h -> {
            // Reminders and hot notices go to the notify list: without one they would reach nobody.
            if (h.notifyAddresses().isEmpty() && h.acknowledgeWithin().isPresent()) {
                problems.add("handoff.acknowledgeWithin", "needs handoff.notify: the reminder goes to those addresses");
            }
            if (h.notifyAddresses().isEmpty() && h.notifyOnHot()) {
                problems.add("handoff.notifyOnHot", "needs handoff.notify: the notice goes to those addresses");
            }
        });
        return problems.list();
    }

    /** WCAG's contrast ratio of a {@code #rrggbb} colour against white. */
    static double contrastWithWhite(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double luminance = 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
        return 1.05 / (luminance + 0.05);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static void fields(List<FieldSpec> fields, Problems problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            String path = "fields[" + i + "]";
            if (!names.add(f.name())) {
                problems.add(path + ".name", "'" + f.name() + "' is used by another field");
            }
            boolean number = f.type() == FieldSpec.Type.NUMBER;
            if ((f.min().isPresent() || f.max().isPresent()) && !number) {
                problems.add(path + ".min", "min and max apply to number fields only");
            }
            if (f.min().isPresent() && f.max().isPresent() && f.min().get().compareTo(f.max().get()) > 0) {
                problems.add(path + ".min", "is greater than max");
            }
            boolean choice = f.type() == FieldSpec.Type.CHOICE;
            if (choice && f.options().isEmpty()) {
                problems.add(path + ".options", "a choice field needs at least one option");
            } else if (!choice && !f.options().isEmpty()) {
                problems.add(path + ".options", "options apply to choice fields only");
            }
        }
    }

    private static void survey(Survey survey, Map<?, ?> tree, Problems problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < survey.questions().size(); i++) {
            Survey.Question q = survey.questions().get(i);
            String path = "survey.questions[" + i + "]";
            if (!ids.add(q.id())) {
                problems.add(path + ".id", "'" + q.id() + "' is used by another question");
            }
            if (q.type() == Survey.QuestionType.SCALE && q.options().size() < 2) {
                problems.add(path + ".scale.max", "must be greater than min");
            }
            Set<String> optionIds = new HashSet<>();
            for (int j = 0; j < q.options().size() && q.type() != Survey.QuestionType.SCALE; j++) {
                String id = q.options().get(j).id();
                if (!optionIds.add(id)) {
                    problems.add(path + ".options[" + j + "].id", "'" + id + "' is used by another option");
                }
            }
        }
        reachable(survey, CampaignReader.map(tree, "qualification"), problems);
    }

    /** A minimum above what the answers can add up to would make a temperature or tag unreachable. */
    private static void reachable(Survey survey, Map<?, ?> qualification, Problems problems) {
        Map<Survey.Axis, Integer> most = CampaignReader.mostPoints(survey.questions());
        Map<String, Map<?, ?>> minimums = new HashMap<>();
        for (String key : new String[] {"thresholds", "hot", "warm"}) {
            minimums.put("survey.qualification." + key, CampaignReader.map(qualification, key));
        }
        List<?> rules = CampaignReader.list(qualification, "tags");
        for (int i = 0; i < rules.size(); i++) {
            minimums.put("survey.qualification.tags[" + i + "].when", CampaignReader.map((Map<?, ?>) rules.get(i), "when"));
        }
        minimums.forEach((path, node) -> {
            for (Survey.Axis axis : Survey.Axis.values()) {
                Object needed = node.get(axis.yamlName());
                if (needed instanceof Number n && n.intValue() > most.get(axis)) {
                    problems.add(path + "." + axis.yamlName(), "can never be reached: the survey's answers add up to at most "
                            + most.get(axis) + " " + axis.yamlName() + " points");
                }
            }
        });
    }

    /** Tags a lead can have: its answers' options', the qualification rules' and the hand-raise's. */
    private static Set<String> tagsGiven(Campaign campaign) {
        Set<String> tags = new HashSet<>();
        campaign.handoff().ifPresent(h -> tags.add(h.tag()));
        campaign.survey().ifPresent(s -> {
            s.questions().forEach(q -> q.options().forEach(o -> tags.addAll(o.tags())));
            s.qualification().tagRules().forEach(r -> tags.add(r.tag()));
        });
        return tags;
    }

    private static void sequence(Sequence sequence, Set<String> tagsGiven, Set<String> values, Problems problems) {
        Set<String> ids = new HashSet<>();
        List<Sequence.Step> steps = sequence.steps();
        int branchStart = 0;
        for (int i = 0; i < steps.size(); i++) {
            Sequence.Step step = steps.get(i);
            String path = "sequence.steps[" + i + "]";
            if (!ids.add(step.id())) {
                problems.add(path + ".id", "'" + step.id() + "' is used by another step; ids must stay unique and stable");
            }
            step.when().ifPresent(c -> {
                Set<String> referenced = new HashSet<>(c.tagsAny());
                referenced.addAll(c.tagsNone());
                referenced.removeAll(tagsGiven);
                for (String tag : new TreeSet<>(referenced)) {
                    problems.add(path + ".when", "no survey option or qualification rule gives the tag '" + tag + "'");
                }
            });
            // A branch: conditional steps in a row, due at the same time after the same step.
            if (i == 0 || !sameSlot(steps.get(i - 1), step)) {
                branchStart = i;
            }
            for (int j = branchStart; j < i; j++) {
                if (overlap(steps.get(j).when().orElseThrow(), step.when().orElseThrow())) {
                    problems.add(path + ".when", "overlaps the condition of steps[" + j + "] ('" + steps.get(j).id()
                            + "'): a branch's conditions must be exclusive, or a lead matching both gets both");
                }
            }
            TemplateCheck.check(path, step.mail(), values, Set.of(), problems);
        }
    }

    private static boolean sameSlot(Sequence.Step a, Sequence.Step b) {
        return a.when().isPresent() && b.when().isPresent() && a.delay().equals(b.delay()) && a.after() == b.after();
    }

    /** Whether one lead (temperature, stage, tags) can meet both conditions. */
    static boolean overlap(Sequence.Condition a, Sequence.Condition b) {
        return intersect(a.temperatures(), b.temperatures()) && intersect(a.stages(), b.stages())
                && reachableTags(a.tagsAny(), a, b) && reachableTags(b.tagsAny(), a, b);
    }

    /** Empty means "any": two sets leave a common value unless both are given and disjoint. */
    private static <T> boolean intersect(Set<T> a, Set<T> b) {
        return a.isEmpty() || b.isEmpty() || a.stream().anyMatch(b::contains);
    }

    /** "Any of {@code any}" can hold while neither condition's notTags is present. */
    private static boolean reachableTags(Set<String> any, Sequence.Condition a, Sequence.Condition b) {
        return any.isEmpty() || any.stream().anyMatch(t -> !a.tagsNone().contains(t) && !b.tagsNone().contains(t));
    }
}
