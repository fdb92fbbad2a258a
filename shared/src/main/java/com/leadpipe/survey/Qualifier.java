package com.leadpipe.survey;

import com.leadpipe.campaign.Survey;
import com.leadpipe.campaign.Survey.Axis;
import com.leadpipe.campaign.Survey.Temperature;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns survey answers into scores, a temperature, a funnel stage and tags, by the campaign's rules. */
public final class Qualifier {

    /** Funnel stages, in order. SALES_READY is reached by raising a hand, never by answers alone. */
    public enum Stage {
        SUBSCRIBED, CONFIRMED, ENGAGED, QUALIFIED, SALES_READY;

        /** The stage as campaign files, mails and the table spell it: lowercase, hyphenated. */
        public String lower() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** @throws IllegalArgumentException for a name {@link #lower} never gives */
        public static Stage fromLower(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** The outcome: points per axis and in total, temperature, stage and tags (sorted). */
    public record Qualification(Map<Axis, Integer> scores, int total, Temperature temperature, Stage stage,
                                Set<String> tags) {
        public Qualification {
            scores = Map.copyOf(scores);
            tags = Set.copyOf(new TreeSet<>(tags));
        }

        public int score(Axis axis) {
            return scores.getOrDefault(axis, 0);
        }

        /** A lead that has answered nothing yet. */
        public static Qualification unanswered(boolean confirmed) {
            Map<Axis, Integer> zero = new EnumMap<>(Axis.class);
            for (Axis a : Axis.values()) {
                zero.put(a, 0);
            }
            return new Qualification(zero, 0, Temperature.COLD, confirmed ? Stage.CONFIRMED : Stage.SUBSCRIBED, Set.of());
        }
    }

    private Qualifier() {
    }

    /**
     * @param answers   question id to chosen option ids (text answers carry no points)
     * @param confirmed whether the lead has confirmed its address (else the stage stays subscribed)
     */
    public static Qualification qualify(Survey survey, Map<String, List<String>> answers, boolean confirmed) {
        Map<Axis, Integer> scores = new EnumMap<>(Axis.class);
        for (Axis a : Axis.values()) {
            scores.put(a, 0);
        }
        Set<String> tags = new TreeSet<>();
        for (Map.Entry<String, List<String>> answer : answers.entrySet()) {
            survey.question(answer.getKey()).ifPresent(q -> {
                if (q.type() == Survey.QuestionType.TEXT) {
                    return;
                }
                for (String choice : answer.getValue()) {
                    q.option(choice).ifPresent(o -> {
                        o.points().forEach((axis, points) -> scores.merge(axis, points, Integer::sum));
                        tags.addAll(o.tags());
                    });
                }
            });
        }
        Survey.Qualification rules = survey.qualification();
        Temperature temperature = reaches(scores, rules.hot()) ? Temperature.HOT
                : reaches(scores, rules.warm()) ? Temperature.WARM : Temperature.COLD;
        for (Survey.TagRule rule : rules.tagRules()) {
            boolean temperatureOk = rule.temperature().map(t -> t == temperature).orElse(true);
            if (temperatureOk && (rule.atLeast().isEmpty() || reaches(scores, rule.atLeast()))) {
                tags.add(rule.tag());
            }
        }
        Stage stage;
        if (!confirmed) {
            stage = Stage.SUBSCRIBED;
        } else if (answers.isEmpty()) {
            stage = Stage.CONFIRMED;
        } else {
            stage = rules.qualifiedWhen().contains(temperature) ? Stage.QUALIFIED : Stage.ENGAGED;
        }
        int total = scores.values().stream().mapToInt(Integer::intValue).sum();
        return new Qualification(scores, total, temperature, stage, tags);
    }

    /**
     * A new qualification for a lead that had {@code before}: a raised hand outlasts new answers,
     * so a sales-ready lead stays sales-ready and keeps the tag it got for it.
     */
    public static Qualification keepHandRaise(Qualification before, Qualification after, String handRaiseTag) {
        return before.stage() == Stage.SALES_READY ? salesReady(after, handRaiseTag) : after;
    }

    /** {@code q} moved to sales-ready, with {@code tag} added. */
    public static Qualification salesReady(Qualification q, String tag) {
        Set<String> tags = new TreeSet<>(q.tags());
        tags.add(tag);
        return new Qualification(q.scores(), q.total(), q.temperature(), Stage.SALES_READY, tags);
    }

    /** Every listed axis reaches its minimum; an empty rule is never reached (nothing to prove). */
    private static boolean reaches(Map<Axis, Integer> scores, Map<Axis, Integer> minimums) {
        if (minimums.isEmpty()) {
            return false;
        }
        return minimums.entrySet().stream().allMatch(m -> scores.getOrDefault(m.getKey(), 0) >= m.getValue());
    }
}
