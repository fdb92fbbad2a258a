package com.leadpipe.campaign;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A campaign's qualifying survey. Each answer option carries points toward the three axes a good
 * lead is measured on (interested, can afford, we can help) and tags.
 */
public record Survey(String title, String intro, List<Question> questions, Qualification qualification,
                     Campaign.PageCopy thanks) {

    public Survey {
        questions = List.copyOf(questions);
    }

    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    /** The three axes of qualification. */
    public enum Axis {
        INTEREST("interest"), BUDGET("budget"), FIT("fit");

        private final String yamlName;

        Axis(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        static Optional<Axis> fromYaml(String name) {
            for (Axis a : values()) {
                if (a.yamlName.equals(name)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    public enum QuestionType {
        SINGLE("single"), MULTIPLE("multiple"), SCALE("scale"), TEXT("text");

        private final String yamlName;

        QuestionType(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        static Optional<QuestionType> fromYaml(String name) {
            for (QuestionType t : values()) {
                if (t.yamlName.equals(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * @param options single/multiple: the choices; scale: one option per step ("1".."5"), generated
     *                from {@link Scale} so points per step are explicit
     * @param maxLength text answers only
     */
    public record Question(String id, String text, QuestionType type, boolean required, List<Option> options,
                           int maxLength) {
        public Question {
            options = List.copyOf(options);
        }

        public Optional<Option> option(String id) {
            return options.stream().filter(o -> o.id().equals(id)).findFirst();
        }
    }

    /** An answer choice: its id is what the form posts. */
    public record Option(String id, String label, Map<Axis, Integer> points, Set<String> tags) {
        public Option {
            points = Map.copyOf(points);
            tags = Set.copyOf(tags);
        }
    }

    /**
     * How scores become a temperature, a funnel stage and tags.
     *
     * @param hot            minimum points per axis for hot (all listed axes must reach them)
     * @param warm           minimum points per axis for warm
     * @param qualifiedWhen  temperatures that put a lead in the "qualified" stage
     * @param tagRules       extra tags from scores or temperature
     */
    public record Qualification(Map<Axis, Integer> hot, Map<Axis, Integer> warm, Set<Temperature> qualifiedWhen,
                                List<TagRule> tagRules) {
        public Qualification {
            hot = Map.copyOf(hot);
            warm = Map.copyOf(warm);
            qualifiedWhen = Set.copyOf(qualifiedWhen);
            tagRules = List.copyOf(tagRules);
        }
    }

    public enum Temperature {
        COLD, WARM, HOT;

        public String lower() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Adds {@code tag} when every condition holds: minimum points per axis and/or a temperature. */
    public record TagRule(String tag, Map<Axis, Integer> atLeast, Optional<Temperature> temperature) {
        public TagRule {
            atLeast = Map.copyOf(atLeast);
        }
    }
}
