package com.leadpipe.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.testing.CampaignFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's campaign check: schema, reading and cross-field rules, every problem as file: field: reason. */
class CampaignLintTest {

    static final String VALID = """
            id: spring
            title: Spring guide
            sender: {name: Spring Team, postalAddress: "1 Main St, Springfield"}
            consent: {version: v1, text: Yes please, privacyUrl: "https://spring.example/privacy"}
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

    /** The problems the build reports for a file {@code campaigns/<id>.yaml} with this text. */
    static List<String> problems(String id, String yaml) {
        String file = "campaigns/" + id + ".yaml";
        Object tree;
        try {
            tree = CampaignLint.withoutNulls(CampaignYaml.load(file, yaml));
        } catch (CampaignException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        return CampaignLint.check(file, id, tree).stream().map(Object::toString).toList();
    }

    static List<String> problems(String yaml) {
        return problems("spring", yaml);
    }

    @Test
    void aValidFileHasNoProblemsAndReadsWithDefaults() {
        assertThat(problems(VALID)).isEmpty();

        Campaign c = CampaignReader.fromYaml("campaigns/spring.yaml", VALID);

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
    void structureProblemsNameFileAndField() {
        String broken = """
                id: Bad_Id
                sender: {name: "Evil <x>", postalAddress: "1 Main St"}
                consent: {version: v1}
                page: {headline: Hi, imageUrl: "http://insecure.example/x.png", bullets: [""]}
                fields:
                  - {name: email, label: Again}
                  - {name: n, label: N, type: dropdown, min: low}
                confirmation:
                  linkLifetimeHours: 100000
                  subject: Confirm
                  text: "{{confirmUrl}}"
                  html: "{{confirmUrl}}"
                thanks: {headline: T}
                confirmed: {headline: C, colour: red}
                colour: blue
                """;

        assertThat(problems("bad", broken)).contains(
                "campaigns/bad.yaml: id: must be lowercase letters, digits and hyphens (got 'Bad_Id')",
                "campaigns/bad.yaml: title: is required",
                "campaigns/bad.yaml: sender.name: must not contain quotes, angle brackets or line breaks (got 'Evil <x>')",
                "campaigns/bad.yaml: consent.text: is required",
                "campaigns/bad.yaml: page.imageUrl: must be an https:// URL (got 'http://insecure.example/x.png')",
                "campaigns/bad.yaml: page.bullets[0]: must be non-empty text",
                "campaigns/bad.yaml: fields[0].name: is reserved by the form",
                "campaigns/bad.yaml: fields[1].type: must be one of text, textarea, tel, url, number, choice (got 'dropdown')",
                "campaigns/bad.yaml: fields[1].min: must be a number",
                "campaigns/bad.yaml: confirmation.linkLifetimeHours: must be between 1 and 720 (got '100000')",
                "campaigns/bad.yaml: confirmed.colour: is not a known setting (known: copy, headline)")
                .anyMatch(p -> p.startsWith("campaigns/bad.yaml: colour: is not a known setting (known: brand, captcha, confirmation,"));
    }

    @Test
    void crossFieldProblemsOfFieldsAndMail() {
        String yaml = VALID.replace("id: spring", "id: autumn")
                .replace("{name: size, label: Team size, type: number, min: 1, max: 500, required: true}",
                        "{name: firstName, label: Again, min: 5}")
                .replace("{name: plan, label: Plan, type: choice, options: [Free, Pro]}",
                        "{name: plan, label: Plan, type: choice}\n  - {name: size, label: Size, type: number, min: 9, max: 1}")
                .replace("text: \"Open {{confirmUrl}}\"", "text: \"{{#firstName}}{{confirmUrl}}{{/firstName}}\"")
                .replace("html: \"<a href='{{confirmUrl}}'>Confirm</a>\"", "html: \"{{confirmUrl}} {{frstName}} {{> footer}}\"");

        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: id: is 'autumn' but the file is named 'spring.yaml'; they must match",
                "campaigns/spring.yaml: fields[1].name: 'firstName' is used by another field",
                "campaigns/spring.yaml: fields[1].min: min and max apply to number fields only",
                "campaigns/spring.yaml: fields[2].options: a choice field needs at least one option",
                "campaigns/spring.yaml: fields[3].min: is greater than max",
                "campaigns/spring.yaml: confirmation.text: must contain {{confirmUrl}} outside any section, the link that "
                        + "confirms the subscription",
                "campaigns/spring.yaml: confirmation.html: {{frstName}} is not a value of this mail (known: button, campaignTitle, "
                        + "confirmUrl, firstName, plan, size)",
                "campaigns/spring.yaml: confirmation.html: uses {{> footer}}: partials and template inheritance are not "
                        + "supported; write the text out");
    }

    @Test
    void oneRunShowsStructureAndRuleProblemsTogether() {
        assertThat(problems("broken", CampaignFixtures.BROKEN)).contains(
                "campaigns/broken.yaml: title: is required",
                "campaigns/broken.yaml: fields[0].label: is required",
                "campaigns/broken.yaml: fields[0].options: a choice field needs at least one option",
                "campaigns/broken.yaml: confirmation.text: must contain {{confirmUrl}} outside any section, the link "
                        + "that confirms the subscription");
    }

    @Test
    void aTemplateTheEngineRefusesIsNamedByItsField() {
        assertThat(problems(VALID.replace("html: \"<a href='{{confirmUrl}}'>Confirm</a>\"", "html: \"{{#unclosed}}\"")))
                .singleElement().asString()
                .startsWith("campaigns/spring.yaml: confirmation.html: is not a valid template: ");
    }

    @Test
    void malformedYamlNamesTheFile() {
        assertThat(problems("x", "id: [unclosed")).singleElement().asString().startsWith("campaigns/x.yaml: not valid YAML");
        assertThat(problems("x", "id: a\nid: b\n")).singleElement().asString().startsWith("campaigns/x.yaml: not valid YAML");
        assertThat(problems("x", "- a list")).containsExactly("campaigns/x.yaml: must be a YAML mapping with id, title, "
                + "sender, consent, page, confirmation, thanks, confirmed");
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
    void theBuildFailsNamingFileAndField(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spring.yaml"), VALID.replace("subject: Confirm please", "subject: \"\""));

        assertThatThrownBy(() -> CampaignLint.main(new String[] {dir.toString(), dir.resolve("out/index.txt").toString()}))
                .hasMessageContaining("campaigns/spring.yaml: confirmation.subject: is required");
        assertThat(dir.resolve("out")).doesNotExist();
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
        assertThat(catalog.all()).extracting(Campaign::id).contains("demo");
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find("../pom")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @Test
    void theLocalRunnersCatalogChecksEachFileAsTheBuildDoes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spring.yaml"), VALID.replace("Free, Pro", "Free, Free"));

        CampaignCatalog checked = CampaignCatalog.fromDirectory(dir, CampaignLint::checkOrThrow);

        assertThatThrownBy(() -> checked.find("spring")).isInstanceOf(CampaignException.class)
                .hasMessageEndingWith("fields[2].options: has the same option twice");
        assertThat(CampaignCatalog.fromDirectory(dir).find("spring")).isPresent();
    }

    @Test
    void brandAndSenderRules() {
        // GIVEN a pale accent colour, a form with fields but no privacy policy, and no postal address
        String yaml = VALID.replace("sender: {name: Spring Team, postalAddress: \"1 Main St, Springfield\"}",
                        "sender: {name: Spring Team}\nbrand: {accentColor: \"#7ab8ff\", fontStack: \"Inter; color: red\"}")
                .replace(", privacyUrl: \"https://spring.example/privacy\"", "");

        // THEN each is reported with its setting and what to do
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "campaigns/spring.yaml: sender.postalAddress: is required",
                "campaigns/spring.yaml: brand.fontStack: must be font names separated by commas (letters, digits, "
                        + "spaces, hyphens, single quotes) (got 'Inter; color: red')",
                "campaigns/spring.yaml: consent.privacyUrl: is required when the form asks for more than the email "
                        + "address: link the privacy policy that says what you do with the answers",
                "campaigns/spring.yaml: brand.accentColor: #7ab8ff has a contrast of 2.07:1 with white; buttons and "
                        + "links need at least 4.5:1 (WCAG AA): choose a darker colour");
    }

    @Test
    void aButtonSectionCountsAsShowingTheConfirmationLink() {
        // GIVEN a confirmation whose only link in the HTML part is a button
        String yaml = VALID.replace("html: \"<a href='{{confirmUrl}}'>Confirm</a>\"",
                "html: \"{{#button}}<a href=\\\"{{confirmUrl}}\\\">Confirm</a>{{/button}}\"");

        // THEN the file passes: the button always shows its content
        assertThat(yaml).contains("{{#button}}");
        assertThat(problems(yaml)).isEmpty();
    }
}
