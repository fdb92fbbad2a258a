package com.leadpipe.survey;

import com.leadpipe.campaign.Survey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks posted answers against the survey definition. Form fields are named {@code q.<question>}
 * (repeated for multiple choice); JSON clients send the same names with a string or an array.
 */
public final class SurveyForm {

    public static final String PREFIX = "q.";

    private SurveyForm() {
    }

    public sealed interface Result permits Valid, Invalid {
    }

    /** Question id to chosen option ids, or to the text typed; unanswered questions absent. */
    public record Valid(Map<String, List<String>> answers) implements Result {
        public Valid {
            answers = Map.copyOf(answers);
        }
    }

    /** Messages by field name ({@code q.<question>}). */
    public record Invalid(Map<String, String> errors) implements Result {
        public Invalid {
            errors = Map.copyOf(errors);
        }
    }

    public static Result check(Survey survey, Map<String, List<String>> posted) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : posted.keySet()) {
            if (name.startsWith(PREFIX) && survey.question(name.substring(PREFIX.length())).isEmpty()) {
                errors.put(name, "There is no such question.");
            }
        }
        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (Survey.Question q : survey.questions()) {
            String field = PREFIX + q.id();
            List<String> values = posted.getOrDefault(field, List.of()).stream().map(String::strip)
                    .filter(v -> !v.isEmpty()).toList();
            if (values.isEmpty()) {
                if (q.required()) {
                    errors.put(field, "Please answer this question.");
                }
                continue;
            }
            switch (q.type()) {
                case TEXT -> {
                    if (values.size() > 1) {
                        errors.put(field, "Give one answer.");
                    } else if (values.get(0).codePointCount(0, values.get(0).length()) > q.maxLength()) {
                        errors.put(field, "Keep this under " + q.maxLength() + " characters.");
                    } else if (values.get(0).chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
                        errors.put(field, "This answer has characters that can't be used.");
                    } else {
                        answers.put(q.id(), values);
                    }
                }
                case SINGLE, SCALE -> {
                    if (values.size() > 1) {
                        errors.put(field, "Choose one answer.");
                    } else if (q.option(values.get(0)).isEmpty()) {
                        errors.put(field, "Choose one of the listed answers.");
                    } else {
                        answers.put(q.id(), values);
                    }
                }
                case MULTIPLE -> {
                    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
                    if (distinct.stream().anyMatch(v -> q.option(v).isEmpty())) {
                        errors.put(field, "Choose among the listed answers.");
                    } else {
                        answers.put(q.id(), distinct);
                    }
                }
            }
        }
        return errors.isEmpty() ? new Valid(answers) : new Invalid(errors);
    }
}
