package com.leadpipe.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurveyFormTest {

    @Test
    void validAnswersAreKeptByQuestion() {
        var result = SurveyForm.check(QualifierTest.DEMO, Map.of("t", List.of("token"), "q.stage", List.of("launched"),
                "q.urgency", List.of("3"), "q.budget", List.of("small"), "q.channels", List.of("ads", "email", "ads"),
                "q.goal", List.of("  Ship by June  ")));

        assertThat(result).isInstanceOfSatisfying(SurveyForm.Valid.class, v -> assertThat(v.answers()).isEqualTo(Map.of(
                "stage", List.of("launched"), "urgency", List.of("3"), "budget", List.of("small"),
                "channels", List.of("ads", "email"), "goal", List.of("Ship by June"))));
    }

    @Test
    void everyProblemIsNamedOnItsField() {
        var result = SurveyForm.check(QualifierTest.DEMO, Map.of("q.stage", List.of("moon"),
                "q.urgency", List.of("2", "3"), "q.channels", List.of("ads", "tv"), "q.nope", List.of("x"),
                "q.goal", List.of("x".repeat(501))));

        assertThat(result).isInstanceOfSatisfying(SurveyForm.Invalid.class, i -> assertThat(i.errors())
                .containsEntry("q.stage", "Choose one of the listed answers.")
                .containsEntry("q.urgency", "Choose one answer.")
                .containsEntry("q.budget", "Please answer this question.")
                .containsEntry("q.channels", "Choose among the listed answers.")
                .containsEntry("q.nope", "There is no such question.")
                .containsEntry("q.goal", "Keep this under 500 characters."));
    }
}
