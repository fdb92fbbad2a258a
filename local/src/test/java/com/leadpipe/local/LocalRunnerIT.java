package com.leadpipe.local;

import static com.leadpipe.local.RunningLocally.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.testing.CampaignFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The runner as someone uses it, over real HTTP: the template's routes, a signup on the demo page,
 * the confirmation mail in the local mailbox, its link followed and confirmed, the lead in DynamoDB;
 * campaign files edited (and broken) while it runs.
 */
class LocalRunnerIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path campaigns;
    static RunningLocally local;

    @BeforeAll
    static void start() throws IOException {
        // A copy of the repository's campaigns, so tests can add files the runner must pick up.
        try (Stream<Path> files = Files.list(Repository.ROOT.resolve("campaigns"))) {
            for (Path file : files.toList()) {
                Files.copy(file, campaigns.resolve(file.getFileName()));
            }
        }
        local = RunningLocally.start(o -> o.withCampaigns(campaigns));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void servesExactlyTheTemplatesRoutesThroughTheirHandlers() throws IOException {
        JsonNode served = JSON.readTree(local.get("/_local/routes.json").body());
        Set<String> servedRoutes = new TreeSet<>();
        served.forEach(r -> servedRoutes.add(r.get("method").asText() + " " + r.get("path").asText() + " -> "
                + r.get("handler").asText()));

        assertThat(servedRoutes).isEqualTo(routesIn(Repository.ROOT.resolve("template.yaml")));
        for (JsonNode route : served) {
            // Each reaches its function: the function answers, not the router's "no route".
            HttpResponse<String> response = local.send(route.get("method").asText(),
                    route.get("path").asText().replace("{campaign}", "demo"));
            assertThat(response.body()).as(route.toString()).isNotEqualTo("{\"message\":\"Not Found\"}");
            assertThat(response.headers().firstValue("apigw-requestid")).as(route.toString()).isPresent();
        }
    }

    @Test
    void unknownRoutesAnswerAsApiGatewayDoes() {
        HttpResponse<String> unknown = local.get("/c/demo/nope");
        HttpResponse<String> wrongMethod = local.send("DELETE", "/confirm");

        for (HttpResponse<String> response : List.of(unknown, wrongMethod)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        }
        assertThat(local.get("/").headers().firstValue("location")).contains("/_local/");
    }

    @Test
    void signUpReadTheMailConfirmAndFindTheLead() throws IOException {
        String email = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        // The demo landing page, with its form
        HttpResponse<String> landing = local.get("/c/demo");
        assertThat(landing.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(landing.body());
        Element form = page.selectFirst("form[method=post]");
        assertThat(form.attr("action")).isEqualTo("/c/demo/subscribe");
        assertThat(form.select("input[name=email], input[name=consent], input[name=firstName]")).hasSize(3);

        // Submitted as a browser posts it
        HttpResponse<String> submitted = local.postForm(form.attr("action"), "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&consent=yes&firstName=Ada&role=Developer&website=");
        assertThat(submitted.statusCode()).isEqualTo(303);
        String thanks = submitted.headers().firstValue("location").orElseThrow();
        assertThat(thanks).startsWith("/c/demo/thanks");
        assertThat(Jsoup.parse(local.get(thanks).body()).selectFirst("h1").text()).isEqualTo("Check your inbox");

        // The confirmation mail in the local mailbox, its link pointing back here
        JsonNode mail = mailTo(email);
        assertThat(mail.get("from").asText()).isEqualTo("Lean Launch Lab <hello@leadpipe.local>");
        assertThat(mail.get("subject").asText()).isEqualTo("Please confirm your email to get the checklist");
        assertThat(mail.get("html").asText()).contains("<a href=\"" + local.runner.url() + "/confirm?t=demo.");
        assertThat(mail.get("headers").get("Subject").asText()).isEqualTo(mail.get("subject").asText());
        assertThat(mail.get("sentAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        Matcher link = Pattern.compile(Pattern.quote(local.runner.url() + "/confirm?t=") + "([A-Za-z0-9._-]+)")
                .matcher(mail.get("text").asText());
        assertThat(link.find()).as("confirmation link in the text part").isTrue();
        String token = link.group(1);

        // The mailbox pages list it and show it, links clickable, HTML in a sandbox without scripts
        assertThat(local.get("/_local/mail").body()).contains(email).contains("Please confirm your email");
        Document shown = Jsoup.parse(local.get("/_local/mail/" + URLEncoder.encode(mail.get("id").asText(), StandardCharsets.UTF_8)).body());
        assertThat(shown.select("pre.text a[href]").eachAttr("href")).contains(link.group());
        assertThat(shown.selectFirst("iframe[srcdoc]").attr("sandbox")).isEqualTo("allow-top-navigation-by-user-activation");

        // Following the link shows a button and changes nothing; pressing it confirms
        HttpResponse<String> prompt = local.get(URI.create(link.group()));
        assertThat(prompt.statusCode()).isEqualTo(200);
        Element button = Jsoup.parse(prompt.body()).selectFirst("form[method=post][action=/confirm] button");
        assertThat(button.text()).isEqualTo("Confirm my subscription");
        LeadStore store = new LeadStore(local.runner.aws().clients().dynamoDb(),
                local.runner.resources().tables().get("LeadsTable"));
        String addressKey = EmailAddress.tryParse(email).orElseThrow().key();
        assertThat(store.findLead("demo", addressKey)).isEmpty();

        HttpResponse<String> confirmed = local.postForm("/confirm", "t=" + token);
        assertThat(confirmed.statusCode()).isEqualTo(303);
        String confirmedPage = confirmed.headers().firstValue("location").orElseThrow();
        assertThat(confirmedPage).startsWith("/c/demo/confirmed");
        assertThat(Jsoup.parse(local.get(confirmedPage).body()).selectFirst("h1").text()).isEqualTo("You're in!");

        // The lead, confirmed, with the evidence API Gateway would have passed
        assertThat(store.findLead("demo", addressKey)).hasValueSatisfying(lead -> {
            assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
            assertThat(lead.email().value()).isEqualTo(email);
            assertThat(lead.fields()).containsEntry("firstName", "Ada").containsEntry("role", "Developer");
            assertThat(lead.signup().ip()).isEqualTo("127.0.0.1");
            assertThat(lead.confirmation().userAgent()).isEqualTo(RunningLocally.USER_AGENT);
        });
        // Logs went to the console, without the address or the token
        assertThat(local.console()).contains("\"event\":\"lead.confirmed\"").doesNotContain(email).doesNotContain(token);
    }

    @Test
    void campaignFilesAreServedWhileTheyAreWritten() throws IOException {
        String demo = Files.readString(campaigns.resolve("demo.yaml"));
        Files.writeString(campaigns.resolve("spring.yaml"), demo.replace("id: demo", "id: spring")
                .replace("Launch without the guesswork", "Spring launch"));
        try {
            HttpResponse<String> page = local.get("/c/spring");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(Jsoup.parse(page.body()).selectFirst("h1").text()).isEqualTo("Spring launch");
            assertThat(local.get("/_local/").body()).contains("href=\"/c/spring\"");
        } finally {
            Files.delete(campaigns.resolve("spring.yaml"));
        }
        assertThat(local.get("/c/spring").statusCode()).isEqualTo(404);
    }

    @Test
    void aBrokenCampaignFileAnswersAPageNamingFileFieldAndReason() throws IOException {
        Path broken = campaigns.resolve("broken.yaml");
        Files.writeString(broken, CampaignFixtures.BROKEN);
        try {
            HttpResponse<String> page = local.get("/c/broken");

            assertThat(page.statusCode()).isEqualTo(500);
            assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            List<String> problems = new ArrayList<>(Jsoup.parse(page.body()).select("ul.problems li").eachText());
            String file = campaigns + "/broken.yaml";
            assertThat(problems).contains(file + ": title: is required")
                    .anySatisfy(p -> assertThat(p).startsWith(file + ": fields[0].options: "))
                    .anySatisfy(p -> assertThat(p).startsWith(file + ": confirmation.text: must contain {{confirmUrl}}"));
            assertThat(page.body()).doesNotContain("Exception").doesNotContain("at com.");
            eventually(Duration.ofSeconds(5), () -> assertThat(local.console())
                    .contains("[campaign] " + file + ": title: is required"));

            // Other campaigns keep working
            assertThat(local.get("/c/demo").statusCode()).isEqualTo(200);
        } finally {
            Files.delete(broken);
        }
    }

    static JsonNode mailTo(String email) {
        return mailTo(local, email);
    }

    /** The one mail to {@code email} in the runner's mailbox, waiting for it if need be. */
    static JsonNode mailTo(RunningLocally local, String email) {
        List<JsonNode> found = new ArrayList<>();
        eventually(Duration.ofSeconds(10), () -> {
            found.clear();
            try {
                JSON.readTree(local.get("/_local/mail.json").body()).forEach(m -> {
                    m.get("to").forEach(to -> {
                        if (to.asText().equals(email)) {
                            found.add(m);
                        }
                    });
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertThat(found).as("mail to " + email).hasSize(1);
        });
        return found.get(0);
    }

    /**
     * The template's HTTP API routes read independently of the runner: YAML nodes, whose CloudFormation
     * tags ({@code !Ref}) don't matter at this level. "METHOD /path -> handler class".
     */
    static Set<String> routesIn(Path template) throws IOException {
        Node root = new Compose(LoadSettings.builder().build()).composeString(Files.readString(template)).orElseThrow();
        Set<String> routes = new TreeSet<>();
        for (NodeTuple resource : ((MappingNode) child(root, "Resources")).getValue()) {
            Node definition = resource.getValueNode();
            if (!"AWS::Serverless::Function".equals(scalar(child(definition, "Type")))) {
                continue;
            }
            Node properties = child(definition, "Properties");
            String handler = scalar(child(properties, "Handler")).split("::")[0];
            Node events = child(properties, "Events");
            if (events == null) {
                continue;
            }
            for (NodeTuple event : ((MappingNode) events).getValue()) {
                if ("HttpApi".equals(scalar(child(event.getValueNode(), "Type")))) {
                    Node p = child(event.getValueNode(), "Properties");
                    routes.add(scalar(child(p, "Method")).toUpperCase() + " " + scalar(child(p, "Path")) + " -> " + handler);
                }
            }
        }
        return routes;
    }

    private static Node child(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            return null;
        }
        return mapping.getValue().stream().filter(t -> key.equals(scalar(t.getKeyNode()))).map(NodeTuple::getValueNode)
                .findFirst().orElse(null);
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }
}
