package com.leadpipe.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignParserTest {

    static final String VALID = """
            id: spring
            title: Spring guide
            sender: {name: Spring Team}
            consent: {version: v1, text: Yes please}
            page: {headline: Get the guide}
            fields:
              - {name: firstName, label: First name, maxLength: 40}
              - {name: size, label: Team size, type: number, min: 1, max: 500, required: true}
              - {name: plan, label: Plan, type: choice, options: [Free, Pro]}
            confirmation:
              subject: Confirm please
              text: "Open {{confirmUrl}}"
              html: "<a href='{{confirmUrl}}'>Confirm</a>"
            thanks: {headline: Check your inbox}
            confirmed: {headline: Done}
            """;

    @Test
    void parsesEverySettingWithDefaults() {
        Campaign c = CampaignParser.parse("campaigns/spring.yaml", "spring", VALID);

        assertThat(c.id()).isEqualTo("spring");
        assertThat(c.senderName()).isEqualTo("Spring Team");
        assertThat(c.consent().version()).isEqualTo("v1");
        assertThat(c.page().submitLabel()).isEqualTo("Subscribe");
        assertThat(c.confirmation().linkLifetime()).isEqualTo(Duration.ofHours(48));
        assertThat(c.fields()).extracting(FieldSpec::name).containsExactly("firstName", "size", "plan");
        assertThat(c.field("firstName").orElseThrow().maxLength()).isEqualTo(40);
        assertThat(c.field("size").orElseThrow().type()).isEqualTo(FieldSpec.Type.NUMBER);
        assertThat(c.field("size").orElseThrow().required()).isTrue();
        assertThat(c.field("plan").orElseThrow().options()).containsExactly("Free", "Pro");
    }

    @Test
    void reportsEveryProblemWithFileAndField() {
        String broken = """
                id: Bad_Id
                sender: {name: "Evil <x>"}
                consent: {version: v1}
                page: {headline: Hi, imageUrl: "http://insecure.example/x.png"}
                fields:
                  - {name: email, label: Again}
                  - {name: plan, label: Plan, type: choice}
                  - {name: n, label: N, type: dropdown}
                confirmation:
                  linkLifetimeHours: 100000
                  subject: Confirm
                  text: "no link here"
                  html: "{{#unclosed}}"
                thanks: {headline: T}
                confirmed: {headline: C}
                colour: blue
                """;

        assertThatThrownBy(() -> CampaignParser.parse("campaigns/bad.yaml", "bad", broken))
                .isInstanceOf(CampaignException.class)
                .satisfies(e -> assertThat(((CampaignException) e).problems()).extracting(Object::toString)
                        .contains(
                                "campaigns/bad.yaml: id: must be lowercase letters, digits and hyphens (got 'Bad_Id')",
                                "campaigns/bad.yaml: title: is required",
                                "campaigns/bad.yaml: sender.name: must not contain quotes, angle brackets or line breaks",
                                "campaigns/bad.yaml: consent.text: is required",
                                "campaigns/bad.yaml: page.imageUrl: must be an https:// URL",
                                "campaigns/bad.yaml: fields[0].name: 'email' is reserved by the form",
                                "campaigns/bad.yaml: fields[1].options: a choice field needs at least one option",
                                "campaigns/bad.yaml: confirmation.linkLifetimeHours: must be between 1 and 720 (got 100000)",
                                "campaigns/bad.yaml: confirmation.text: must contain {{confirmUrl}}, the link that confirms the subscription")
                        .anyMatch(p -> p.startsWith("campaigns/bad.yaml: fields[2].type: must be one of"))
                        .anyMatch(p -> p.startsWith("campaigns/bad.yaml: confirmation.html: is not a valid template"))
                        .anyMatch(p -> p.startsWith("campaigns/bad.yaml: colour: is not a known setting")));
    }

    @Test
    void idMustMatchFileName() {
        assertThatThrownBy(() -> CampaignParser.parse("campaigns/autumn.yaml", "autumn", VALID))
                .hasMessageContaining("campaigns/autumn.yaml: id: is 'spring' but the file is named 'autumn.yaml'");
    }

    @Test
    void malformedYamlNamesTheFile() {
        assertThatThrownBy(() -> CampaignParser.parse("campaigns/x.yaml", "x", "id: [unclosed"))
                .hasMessageStartingWith("campaigns/x.yaml: not valid YAML");
        assertThatThrownBy(() -> CampaignParser.parse("campaigns/x.yaml", "x", "- a list"))
                .hasMessageStartingWith("campaigns/x.yaml: must be a YAML mapping");
        assertThatThrownBy(() -> CampaignParser.parse("campaigns/x.yaml", "x", "id: a\nid: b\n"))
                .hasMessageStartingWith("campaigns/x.yaml: not valid YAML");
    }

    @Test
    void lintFailsOnABrokenFileAndPassesTheShippedOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spring.yaml"), VALID);
        Files.writeString(dir.resolve("broken.yaml"), VALID.replace("id: spring", "id: broken").replace("title: Spring guide\n", ""));
        Files.writeString(dir.resolve("old.yml"), VALID);

        List<CampaignException.Problem> problems = new ArrayList<>();
        List<String> ids = CampaignLint.lint(dir, problems);

        assertThat(ids).containsExactly("spring");
        assertThat(problems).extracting(Object::toString).containsExactlyInAnyOrder(
                "campaigns/broken.yaml: title: is required",
                "campaigns/old.yml: use the .yaml extension; .yml files are not deployed");
    }

    @Test
    void everyCampaignInTheRepositoryIsValid() throws IOException {
        List<CampaignException.Problem> problems = new ArrayList<>();
        List<String> ids = CampaignLint.lint(Path.of("..", "campaigns"), problems);

        assertThat(problems).isEmpty();
        assertThat(ids).contains("demo");
    }

    @Test
    void catalogFindsPackagedCampaignsAndRefusesPathTricks() {
        CampaignCatalog catalog = CampaignCatalog.fromClasspath();

        assertThat(catalog.find("demo")).isPresent();
        assertThat(catalog.ids()).contains("demo");
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find("../pom")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }
}
