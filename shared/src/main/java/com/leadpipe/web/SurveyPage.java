package com.leadpipe.web;

import com.leadpipe.campaign.Survey;
import com.leadpipe.survey.SurveyForm;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The survey page: one fieldset per question (a scale as a row of segments with its end labels),
 * how many are answered, messages by question; and, once the answers are saved, the closing page
 * with the campaign's next step (the hand-raise link, when there is one).
 */
final class SurveyPage {

    private static final Template SURVEY = Pages.compile("survey");
    private static final Template DONE = Pages.compile("survey-done");
    /** What separates a scale step's number from its end label ("1 – No rush"), as the reader writes it. */
    private static final String END_LABEL = " – ";

    private SurveyPage() {
    }

    /**
     * @param talk      the hand-raise link (URL to text), the next step on the closing page
     * @param talkCopy  a sentence introducing it
     */
    static String render(PageLook look, Survey survey, String action, String token, Map<String, List<String>> answers,
                         Map<String, String> errors, boolean saved, Optional<Map.Entry<String, String>> talk,
                         String talkCopy) {
        if (saved && errors.isEmpty()) {
            Map<String, Object> model = new HashMap<>();
            model.put("headline", survey.thanks().headline());
            model.put("copy", survey.thanks().copy());
            model.put("talkUrl", talk.map(Map.Entry::getKey).orElse(""));
            model.put("talkText", talk.map(Map.Entry::getValue).orElse(""));
            model.put("talkCopy", talkCopy);
            model.put("changeUrl", action + "?t=" + token);
            return Pages.render(Pages.frame(look, survey.thanks().headline(), "narrow", false), DONE.execute(model));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", survey.title());
        model.put("intro", survey.intro());
        model.put("action", action);
        model.put("token", token);
        List<Map<String, Object>> questions = new ArrayList<>();
        List<Map<String, String>> errorList = new ArrayList<>();
        int answered = 0;
        int total = survey.questions().size();
        for (Survey.Question q : survey.questions()) {
            String field = SurveyForm.PREFIX + q.id();
            String anchor = "q-" + q.id();
            List<String> given = answers.getOrDefault(q.id(), answers.getOrDefault(field, List.of()));
            if (given.stream().anyMatch(a -> !a.isBlank())) {
                answered++;
            }
            Map<String, Object> m = question(q, field, anchor, given, questions.size() + 1, total);
            m.put("error", errors.getOrDefault(field, ""));
            if (errors.containsKey(field)) {
                errorList.add(Map.of("anchor", anchor, "message", q.text() + ": " + errors.get(field)));
            }
            questions.add(m);
        }
        errors.keySet().stream().filter(k -> errorList.stream().noneMatch(e -> e.get("message").endsWith(errors.get(k))))
                .forEach(k -> errorList.add(Map.of("anchor", "", "message", errors.get(k))));
        model.put("questions", questions);
        model.put("answered", answered);
        model.put("total", total);
        model.put("percent", total == 0 ? 0 : answered * 100 / total);
        model.put("hasErrors", !errorList.isEmpty());
        model.put("errorList", errorList);
        String title = errorList.isEmpty() ? survey.title() : "Error: " + survey.title();
        return Pages.render(Pages.frame(look, title, "narrow", false), SURVEY.execute(model));
    }

    private static Map<String, Object> question(Survey.Question q, String field, String anchor, List<String> given,
                                                int number, int total) {
        Map<String, Object> m = new HashMap<>();
        m.put("field", field);
        m.put("anchor", anchor);
        m.put("number", number);
        m.put("total", total);
        m.put("text", q.text());
        m.put("required", q.required());
        m.put("isText", q.type() == Survey.QuestionType.TEXT);
        m.put("isScale", q.type() == Survey.QuestionType.SCALE);
        m.put("maxLength", q.maxLength());
        m.put("value", given.isEmpty() ? "" : given.get(0));
        String inputType = q.type() == Survey.QuestionType.MULTIPLE ? "checkbox" : "radio";
        List<Map<String, Object>> choices = new ArrayList<>();
        String minLabel = "";
        String maxLabel = "";
        for (Survey.Option o : q.options()) {
            // A scale step shows its number; the end label, if any, is read out with it and shown under the row.
            String hint = o.label().startsWith(o.id() + END_LABEL) ? o.label().substring(o.id().length() + END_LABEL.length()) : "";
            if (!hint.isEmpty() && minLabel.isEmpty() && choices.isEmpty()) {
                minLabel = hint;
            } else if (!hint.isEmpty()) {
                maxLabel = hint;
            }
            choices.add(Map.of("field", field, "id", o.id(), "label", o.label(), "short", o.id(), "hint", hint,
                    "inputType", inputType, "checked", given.contains(o.id())));
        }
        m.put("choices", choices);
        m.put("minLabel", minLabel);
        m.put("maxLabel", maxLabel);
        m.put("hasEnds", !minLabel.isEmpty() || !maxLabel.isEmpty());
        return m;
    }
}
