package com.leadpipe.campaign;

import static com.leadpipe.campaign.CampaignLintTest.VALID;
import static com.leadpipe.campaign.CampaignLintTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error cases of surveys, qualification and sequences: each names the file and the field path. */
class SurveyAndSequenceRulesTest {

    static String withSurvey(String survey) {
        return VALID + "survey:\n" + survey.indent(2);
    }

    static String withSteps(String steps) {
        return VALID + """
                survey:
                  questions:
                    - id: size
                      text: How big?
                      type: single
                      options:
                        - {id: small, label: Small, points: {budget: 1}, tags: [smb]}
                        - {id: large, label: Large, points: {budget: 5}}
                sequence:
                  steps:
                """ + steps.indent(4);
    }

    @Test
    void surveyStructure() {
        assertThat(problems(withSurvey("""
                title: Quick
                questions:
                  - {id: q1, text: Q, type: scale, options: [{id: a, label: A}]}
                  - {id: 1q, text: Q, type: single}
                  - {id: q3, text: Q, type: single, options: [{id: A, label: A, points: {money: 1, fit: 500}}]}
                  - {id: q4, text: Q, type: text, scale: {min: 1}}
                """))).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: survey.questions[0].options: is not a setting of a scale question",
                "campaigns/spring.yaml: survey.questions[0].scale: is required",
                "campaigns/spring.yaml: survey.questions[1].id: must start with a letter and hold only letters, digits and _ "
                        + "(at most 32) (got '1q')",
                "campaigns/spring.yaml: survey.questions[1].options: needs a list of options",
                "campaigns/spring.yaml: survey.questions[2].options[0].id: must be lowercase letters, digits, _ and - "
                        + "(at most 40) (got 'A')",
                "campaigns/spring.yaml: survey.questions[2].options[0].points.money: is not an axis: use interest, budget or fit",
                "campaigns/spring.yaml: survey.questions[2].options[0].points.fit: must be between -100 and 100 (got '500')",
                "campaigns/spring.yaml: survey.questions[3].scale: is not a setting of a text question");
        assertThat(problems(withSurvey("title: No questions"))).containsExactly(
                "campaigns/spring.yaml: survey.questions: a survey needs a list of questions");
    }

    @Test
    void surveyCrossFieldRules() {
        assertThat(problems(withSurvey("""
                questions:
                  - {id: goal, text: Q, type: text}
                  - {id: goal, text: Again, type: single, options: [{id: a, label: A}, {id: a, label: B}]}
                  - {id: urgency, text: Q, type: scale, scale: {min: 3, max: 3, axis: interest}}
                """))).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: survey.questions[1].id: 'goal' is used by another question",
                "campaigns/spring.yaml: survey.questions[1].options[1].id: 'a' is used by another option",
                "campaigns/spring.yaml: survey.questions[2].scale.max: must be greater than min");
    }

    @Test
    void qualificationMustBeReachableAndWellFormed() {
        String survey = """
                questions:
                  - id: budget
                    text: Budget?
                    type: single
                    options: [{id: none, label: None}, {id: some, label: Some, points: {budget: 3}}]
                qualification:
                  hot: {budget: 4}
                  warm: {fit: 1}
                  tags:
                    - {tag: rich, when: {budget: 3}}
                """;
        assertThat(problems(withSurvey(survey + """
                    - {tag: Bad, when: {}}
                    - {tag: x, when: {temperature: lukewarm}}
                """))).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: survey.qualification.tags[1].tag: must be lowercase letters, digits and hyphens "
                        + "(got 'Bad')",
                "campaigns/spring.yaml: survey.qualification.tags[1].when: needs a temperature or minimum points "
                        + "(interest, budget, fit)",
                "campaigns/spring.yaml: survey.qualification.tags[2].when.temperature: must be one of cold, warm, hot "
                        + "(got 'lukewarm')");
        // Once well formed: minimums above what the answers add up to can never be reached.
        assertThat(problems(withSurvey(survey))).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: survey.qualification.hot.budget: can never be reached: the survey's answers add up "
                        + "to at most 3 budget points",
                "campaigns/spring.yaml: survey.qualification.warm.fit: can never be reached: the survey's answers add up "
                        + "to at most 0 fit points");
    }

    @Test
    void sequenceStructure() {
        assertThat(problems(withSteps("""
                - {id: a, delay: 5, subject: s, text: t, html: h, when: {temperature: [hot, tepid], stage: nope, tags: 7}}
                - {id: B, delay: "2 weeks", subject: "two\\nlines", text: t, html: h, when: {}}
                - {id: c, delay: 2d, text: t, html: h, after: later}
                """))).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: sequence.steps[0].delay: must be a number and a unit: 0, 30m, 2h or 3d (got '5')",
                "campaigns/spring.yaml: sequence.steps[0].when.temperature[1]: must be one of cold, warm, hot (got 'tepid')",
                "campaigns/spring.yaml: sequence.steps[0].when.stage: must be one of confirmed, engaged, qualified, sales-ready (got 'nope')",
                "campaigns/spring.yaml: sequence.steps[0].when.tags: must be one value or a list",
                "campaigns/spring.yaml: sequence.steps[1].id: must be lowercase letters, digits and hyphens (at most 40) "
                        + "(got 'B')",
                "campaigns/spring.yaml: sequence.steps[1].delay: must be a number and a unit: 0, 30m, 2h or 3d "
                        + "(got '2 weeks')",
                "campaigns/spring.yaml: sequence.steps[1].subject: must be one line",
                "campaigns/spring.yaml: sequence.steps[1].when: needs temperature, stage, tags or notTags",
                "campaigns/spring.yaml: sequence.steps[2].subject: is required",
                "campaigns/spring.yaml: sequence.steps[2].after: must be one of previous, confirmation (got 'later')");
        assertThat(problems(VALID + "sequence: {steps: []}\n")).containsExactly(
                "campaigns/spring.yaml: sequence.steps: a sequence needs a list of steps");
    }

    @Test
    void sequenceCrossFieldRules() {
        assertThat(problems(withSteps("""
                - {id: welcome, delay: 0, subject: "Hi {{firstName}}", text: "{{unsubscribeUrl}}", html: "{{firstNme}}"}
                - {id: welcome, delay: 2d, subject: s, text: t, html: "{{> footer}}"}
                - {id: small, delay: 2d, when: {tags: smb}, subject: s, text: t, html: h}
                - {id: warmish, delay: 2d, when: {temperature: [warm, cold]}, subject: s, text: t, html: h}
                - {id: later, delay: 3d, when: {tags: [enterprise], notTags: smb}, subject: s, text: t, html: h}
                """))).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: sequence.steps[0].html: {{firstNme}} is not a value of this mail (known: "
                        + "button, campaignTitle, firstName, plan, size, stage, tags, temperature, unsubscribeUrl)",
                "campaigns/spring.yaml: sequence.steps[1].id: 'welcome' is used by another step; ids must stay unique and stable",
                "campaigns/spring.yaml: sequence.steps[1].html: uses {{> footer}}: partials and template inheritance are not "
                        + "supported; write the text out",
                "campaigns/spring.yaml: sequence.steps[3].when: overlaps the condition of steps[2] ('small'): a branch's "
                        + "conditions must be exclusive, or a lead matching both gets both",
                "campaigns/spring.yaml: sequence.steps[4].when: no survey option or qualification rule gives the tag "
                        + "'enterprise'");
    }

    @Test
    void exclusiveBranchesPass() {
        assertThat(problems(withSteps("""
                - {id: hot, delay: 2d, when: {temperature: hot}, subject: s, text: t, html: h}
                - {id: rest, delay: 2d, when: {temperature: [cold, warm]}, subject: s, text: t, html: h}
                - {id: smb, delay: 1d, when: {tags: smb}, subject: s, text: t, html: h}
                - {id: not-smb, delay: 1d, when: {notTags: smb}, subject: s, text: t, html: h}
                - {id: tags, delay: 0, subject: s, text: "{{#tags}}{{.}}{{^-last}}, {{/-last}}{{/tags}}", html: h}
                """))).isEmpty();
    }

    @Test
    void handRaiseLinksNeedAHandoffSectionWhoseSettingsAreChecked() {
        String step = "- {id: talk, delay: 0, subject: s, text: \"{{handRaiseUrl}}\", html: h}";
        assertThat(problems(withSteps(step))).containsExactly(
                "campaigns/spring.yaml: sequence.steps[0].text: {{handRaiseUrl}} is not a value of this mail (known: "
                        + "button, campaignTitle, firstName, plan, size, stage, tags, temperature, unsubscribeUrl)");
        assertThat(problems(withSteps(step) + "handoff: {notify: [sales@example.com], tag: talked}\n")).isEmpty();
        assertThat(problems(withSteps(step) + "handoff: {notify: [nobody], form: {channels: [fax]}, tag: Big}\n"))
                .containsExactlyInAnyOrder(
                        "campaigns/spring.yaml: handoff.notify[0]: must be an email address (got 'nobody')",
                        "campaigns/spring.yaml: handoff.form.channels[0]: must be one of email, phone, video (got 'fax')",
                        "campaigns/spring.yaml: handoff.tag: must be lowercase letters, digits and hyphens (got 'Big')");
    }
}
