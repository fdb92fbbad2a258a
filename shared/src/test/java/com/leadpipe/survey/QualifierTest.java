package com.leadpipe.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.CampaignReader;
import com.leadpipe.campaign.Survey;
import com.leadpipe.campaign.Survey.Axis;
import com.leadpipe.campaign.Survey.Temperature;
import com.leadpipe.survey.Qualifier.Stage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualifierTest {

    static final Survey DEMO = CampaignCatalog.fromClasspath().find("demo").flatMap(Campaign::survey).orElseThrow();

    static Map<String, List<String>> answers(String stage, String urgency, String budget, String... channels) {
        return Map.of("stage", List.of(stage), "urgency", List.of(urgency), "budget", List.of(budget),
                "channels", List.of(channels));
    }

    @Test
    void hotWhenEveryAxisReachesItsThreshold() {
        var q = Qualifier.qualify(DEMO, answers("launched", "4", "small"), true);

        assertThat(q.score(Axis.INTEREST)).isEqualTo(6);
        assertThat(q.score(Axis.BUDGET)).isEqualTo(3);
        assertThat(q.score(Axis.FIT)).isEqualTo(5);
        assertThat(q.total()).isEqualTo(14);
        assertThat(q.temperature()).isEqualTo(Temperature.HOT);
        assertThat(q.stage()).isEqualTo(Stage.QUALIFIED);
        assertThat(q.tags()).containsExactlyInAnyOrder("launched", "sales-ready");
    }

    @Test
    void warmWhenInterestAloneIsThere() {
        var q = Qualifier.qualify(DEMO, answers("idea", "5", "none", "social", "email"), true);

        assertThat(q.score(Axis.INTEREST)).isEqualTo(10);
        assertThat(q.temperature()).isEqualTo(Temperature.WARM);
        assertThat(q.stage()).isEqualTo(Stage.ENGAGED);
        assertThat(q.tags()).isEmpty();
    }

    @Test
    void coldOtherwiseAndTaggedByRule() {
        var q = Qualifier.qualify(DEMO, answers("building", "1", "large"), true);

        assertThat(q.temperature()).isEqualTo(Temperature.COLD);
        assertThat(q.stage()).isEqualTo(Stage.ENGAGED);
        assertThat(q.tags()).containsExactlyInAnyOrder("building", "big-budget", "nurture-basics");
    }

    @Test
    void stageFollowsTheFunnel() {
        assertThat(Qualifier.qualify(DEMO, answers("launched", "5", "large"), false).stage()).isEqualTo(Stage.SUBSCRIBED);
        assertThat(Qualifier.qualify(DEMO, Map.of(), true).stage()).isEqualTo(Stage.CONFIRMED);
        assertThat(Qualifier.qualify(DEMO, Map.of(), true).temperature()).isEqualTo(Temperature.COLD);
    }

    @Test
    void defaultsAreHalfOfWhatEachAxisCanScore() {
        Survey survey = CampaignReader.fromYaml("x.yaml", """
                id: x
                title: X
                sender: {name: X}
                consent: {version: "1", text: Yes}
                page: {headline: H}
                confirmation: {subject: S, text: "{{confirmUrl}}", html: "{{confirmUrl}}"}
                thanks: {headline: T}
                confirmed: {headline: C}
                survey:
                  questions:
                    - {id: i, text: I, type: scale, scale: {min: 0, max: 4, axis: interest, pointsPerStep: 1}}
                    - id: b
                      text: B
                      type: single
                      options: [{id: lo, label: Lo, points: {budget: 1}}, {id: hi, label: Hi, points: {budget: 3}}]
                    - id: f
                      text: F
                      type: multiple
                      options: [{id: a, label: A, points: {fit: 2}}, {id: b, label: B, points: {fit: 2}}]
                """).survey().orElseThrow();

        assertThat(survey.qualification().hot()).isEqualTo(Map.of(Axis.INTEREST, 2, Axis.BUDGET, 2, Axis.FIT, 2));
        assertThat(survey.qualification().warm()).isEqualTo(Map.of(Axis.INTEREST, 2));
        var hot = Map.of("i", List.of("2"), "b", List.of("hi"), "f", List.of("a"));
        var warm = Map.of("i", List.of("3"), "b", List.of("lo"));
        assertThat(Qualifier.qualify(survey, hot, true).temperature()).isEqualTo(Temperature.HOT);
        assertThat(Qualifier.qualify(survey, warm, true).temperature()).isEqualTo(Temperature.WARM);
        assertThat(Qualifier.qualify(survey, Map.of("i", List.of("1")), true).temperature()).isEqualTo(Temperature.COLD);
    }
}
