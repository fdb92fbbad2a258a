package com.leadpipe.functions.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.admin.AdminSettings;
import com.leadpipe.admin.ExportSink;
import com.leadpipe.admin.LeadCsv;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.functions.survey.SurveyHandler;
import com.leadpipe.json.JsonTree;
import com.leadpipe.testing.Addresses;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SentEmail;
import com.leadpipe.testing.Signups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The admin API on moto, from real signups, confirmations and survey answers: the funnel counts
 * exactly what the test did, the lead list and its CSV read back, large exports go to S3 with a
 * presigned link, and an erasure leaves no copy of the address in any item of the table.
 */
class AdminIT {

    static final String KEY = "k".repeat(40);

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("hello@leadpipe.test", "ada", "example.org");
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), backend.handler(ConfirmHandler.class));
    final SurveyHandler survey = backend.handler(SurveyHandler.class);
    final AdminHandler admin = admin(ExportSink.NONE, 2000);

    AdminHandler admin(ExportSink exports, int inlineRows) {
        return backend.handler(AdminHandler.class, new AdminSettings(KEY, exports == ExportSink.NONE ? Optional.empty()
                : Optional.of("bucket"), inlineRows, Duration.ofMinutes(5)), exports);
    }

    // ---- the actions the funnel counts -----------------------------------------------------

    /** Signs {@code email} up with the fields; returns the token of its confirmation mail. */
    String signUp(String email, String fields) {
        assertThat(signups.submitAs(email, fields).getStatusCode()).isEqualTo(303);
        List<SentEmail> mails = EmulatedBackend.AWS.sentEmailsTo(email);
        Matcher link = Signups.CONFIRM_LINK.matcher(mails.get(mails.size() - 1).text());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    APIGatewayV2HTTPResponse confirm(String token) {
        backend.clock.advance(Duration.ofMinutes(1));
        APIGatewayV2HTTPResponse confirmed = signups.confirm(token);
        assertThat(confirmed.getStatusCode()).isEqualTo(303);
        return confirmed;
    }

    void answerHot(APIGatewayV2HTTPResponse confirmed) {
        assertThat(ApiEvents.invoke(survey, ApiEvents.surveyPost("demo", "t=" + Signups.surveyToken(confirmed)
                + "&q.stage=launched&q.urgency=5&q.budget=large")).getStatusCode()).isLessThan(400);
    }

    // ---- the admin API ---------------------------------------------------------------------

    APIGatewayV2HTTPResponse get(String path, String query) {
        return admin.handleRequest(ApiEvents.request("GET", path, "GET " + path, Map.of(), query, null, null), null);
    }

    APIGatewayV2HTTPResponse post(String path, String json) {
        APIGatewayV2HTTPEvent event = ApiEvents.request("POST", path, "POST " + path, Map.of(), null, ApiEvents.JSON, json);
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                        .withUserArn("arn:aws:iam::123456789012:user/privacy-officer").build()).build());
        return admin.handleRequest(event, null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(APIGatewayV2HTTPResponse response) {
        return (Map<String, Object>) JsonTree.parse(response.getBody());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> totals(APIGatewayV2HTTPResponse funnel) {
        return (Map<String, Object>) json(funnel).get("totals");
    }

    @Test
    void theFunnelCountsExactlyTheSignupsConfirmationsAndSurveysThatHappened() {
        // GIVEN three signups (two from a newsletter), two confirmations, one hot survey
        String ada = backend.email;
        String grace = Addresses.unique("grace", "example.org");
        String alan = Addresses.unique("alan", "example.org");
        String adaToken = signUp(ada, "&firstName=Ada&utm_source=Newsletter&utm_medium=email");
        String graceToken = signUp(grace, "&firstName=Grace&utm_source=newsletter&utm_medium=email");
        signUp(alan, "&firstName=Alan");
        answerHot(confirm(adaToken));
        confirm(graceToken);
        // AND a second click on a used link, which changes nothing
        signups.confirm(adaToken);

        // WHEN the marketer reads the funnel
        APIGatewayV2HTTPResponse funnel = get("/admin/campaigns/demo/funnel", "by=source");

        // THEN exactly those counts, with rates between the steps, grouped by source
        assertThat(funnel.getStatusCode()).isEqualTo(200);
        assertThat(totals(funnel)).containsEntry("signups", 3).containsEntry("confirmed", 2)
                .containsEntry("engaged", 1).containsEntry("qualified", 1).containsEntry("salesReady", 0)
                .containsEntry("unsubscribed", 0);
        assertThat((Map<String, Object>) json(funnel).get("rates")).containsEntry("signups->confirmed", 0.6667)
                .containsEntry("confirmed->engaged", 0.5);
        assertThat((List<Object>) json(funnel).get("groups")).extracting(g -> ((Map<?, ?>) g).get("key") + "="
                + ((Map<?, ?>) g).get("signups")).containsExactly("(none)=1", "newsletter=2");
        // AND the campaign list carries the same totals
        Map<?, ?> demo = ((List<?>) json(get("/admin/campaigns", null)).get("campaigns")).stream()
                .map(c -> (Map<?, ?>) c).filter(c -> c.get("id").equals("demo")).findFirst().orElseThrow();
        assertThat((Map<String, Object>) demo.get("totals")).containsEntry("signups", 3).containsEntry("confirmed", 2);
    }

    @Test
    void badFunnelAndLeadRequestsAreClear400sAnd404s() {
        assertThat(get("/admin/campaigns/nope/funnel", null).getStatusCode()).isEqualTo(404);
        assertThat(json(get("/admin/campaigns/nope/leads", null))).containsEntry("message", "There is no campaign 'nope'.");
        assertThat(json(get("/admin/campaigns/demo/funnel", "by=week")))
                .containsEntry("message", "by must be one of day, source, medium, campaign");
        assertThat(get("/admin/campaigns/demo/funnel", "from=2026-13-01").getStatusCode()).isEqualTo(400);
        assertThat(get("/admin/campaigns/demo/funnel", "from=2026-02-01&to=2026-01-01").getStatusCode()).isEqualTo(400);
        assertThat(get("/admin/campaigns/demo/leads", "limit=0").getStatusCode()).isEqualTo(400);
        assertThat(get("/admin/campaigns/demo/leads", "cursor=xyz").getStatusCode()).isEqualTo(400);
        assertThat(get("/admin/leads", "email=not-an-address").getStatusCode()).isEqualTo(400);
        assertThat(get("/admin/leads", "email=" + backend.email).getStatusCode()).isEqualTo(404);
        assertThat(post("/admin/privacy/erase", "{}").getStatusCode()).isEqualTo(400);
        assertThat(get("/admin/nothing", null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void leadsComeNewestFirstPageByPageAndAsCsvThatReadsBack() {
        // GIVEN two confirmed leads and one pending signup
        String grace = Addresses.unique("grace", "example.org");
        answerHot(confirm(signUp(backend.email, "&firstName=Ada,+%22the%22+first&utm_source=x")));
        confirm(signUp(grace, "&firstName=Grace"));
        signUp(Addresses.unique("alan", "example.org"), "");

        // WHEN the list is read one lead a page
        Map<String, Object> first = json(get("/admin/campaigns/demo/leads", "limit=1"));
        Map<String, Object> second = json(get("/admin/campaigns/demo/leads", "limit=1&cursor=" + first.get("cursor")));

        // THEN newest first, and the pending signup is no lead
        assertThat(((Map<?, ?>) ((List<?>) first.get("leads")).get(0)).get("email")).isEqualTo(grace);
        assertThat(((Map<?, ?>) ((List<?>) second.get("leads")).get(0)).get("email")).isEqualTo(backend.email);
        Object third = json(get("/admin/campaigns/demo/leads", "limit=1&cursor=" + second.get("cursor"))).get("leads");
        assertThat(second.get("cursor") == null || ((List<?>) third).isEmpty()).isTrue();
        // AND filters apply
        assertThat((List<?>) json(get("/admin/campaigns/demo/leads", "temperature=hot")).get("leads")).hasSize(1);

        // WHEN exported as CSV
        APIGatewayV2HTTPResponse csv = get("/admin/campaigns/demo/leads", "format=csv");

        // THEN it parses back to the two leads with fields, answers, scores and consent
        assertThat(csv.getHeaders().get("content-type")).startsWith("text/csv");
        List<List<String>> rows = LeadCsv.parse(csv.getBody());
        Map<String, Integer> col = LeadCsv.columns(rows.get(0));
        assertThat(rows).hasSize(3);
        List<String> ada = rows.get(2);
        assertThat(ada.get(col.get("email"))).isEqualTo(backend.email);
        assertThat(ada.get(col.get("field.firstName"))).isEqualTo("Ada, \"the\" first");
        assertThat(ada.get(col.get("temperature"))).isEqualTo("hot");
        assertThat(ada.get(col.get("answer.stage"))).isEqualTo("launched");
        assertThat(ada.get(col.get("attribution.utm_source"))).isEqualTo("x");
        assertThat(ada.get(col.get("signupConsentVersion"))).isNotBlank();
        assertThat(rows.get(1).get(col.get("email"))).isEqualTo(grace);
    }

    @Test
    void anExportLargerThanOneResponseGoesToTheBucketBehindAPresignedLink() throws Exception {
        // GIVEN a bucket on the emulator and an inline limit of one row
        URI endpoint = EmulatedBackend.AWS.endpoint("dynamodb");
        S3Client s3 = S3Client.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(com.leadpipe.testing.AwsEmulators.CREDENTIALS).endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
        String bucket = "exports-" + System.nanoTime();
        s3.createBucket(b -> b.bucket(bucket));
        S3Presigner presigner = S3Presigner.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(com.leadpipe.testing.AwsEmulators.CREDENTIALS).endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        AdminHandler small = backend.handler(AdminHandler.class, new AdminSettings(KEY, Optional.of(bucket), 1,
                Duration.ofMinutes(5)), new S3ExportSink(s3, presigner, bucket));
        confirm(signUp(backend.email, "&firstName=Ada"));
        confirm(signUp(Addresses.unique("grace", "example.org"), "&firstName=Grace"));

        // WHEN the CSV is asked for
        Map<String, Object> answer = json(small.handleRequest(ApiEvents.request("GET", "/admin/campaigns/demo/leads",
                "GET /admin/campaigns/{campaign}/leads", Map.of(), "format=csv", null, null), null));

        // THEN a link, which fetches the two rows without credentials
        assertThat(answer).containsEntry("rows", 2);
        HttpResponse<String> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create((String) answer.get("url"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(LeadCsv.parse(fetched.body())).hasSize(3);

        // AND erasing one of them removes the campaign's export files
        small.handleRequest(erasePost(backend.email), null);
        assertThat(s3.listObjectsV2(l -> l.bucket(bucket)).contents()).isEmpty();
    }

    APIGatewayV2HTTPEvent erasePost(String email) {
        return ApiEvents.request("POST", "/admin/privacy/erase", "POST /admin/privacy/erase", Map.of(), null,
                ApiEvents.JSON, "{\"email\":\"" + email + "\"}");
    }

    @Test
    void onePersonAcrossCampaignsWithTheFullLedgerAndTheirExport() {
        answerHot(confirm(signUp(backend.email, "&firstName=Ada")));

        Map<String, Object> person = json(get("/admin/leads", "email=" + backend.email.toUpperCase()));
        Map<String, Object> export = json(post("/admin/privacy/export", "{\"email\":\"" + backend.email + "\"}"));

        assertThat(person.get("campaigns")).isEqualTo(export.get("campaigns"));
        Map<?, ?> demo = (Map<?, ?>) ((List<?>) person.get("campaigns")).get(0);
        assertThat(((Map<?, ?>) demo.get("lead")).get("email")).isEqualTo(backend.email);
        assertThat(((List<?>) demo.get("ledger")).stream().map(e -> String.valueOf(((Map<?, ?>) e).get("type"))).toList())
                .contains("subscribed", "confirmed", "survey_answered", "qualified");
        assertThat((List<?>) export.get("links")).isNotEmpty();
    }

    @Test
    void erasureLeavesNoCopyOfTheAddressInAnyItemAndIsIdempotent() {
        // GIVEN a lead with answers and a pending signup of the same person in the table
        answerHot(confirm(signUp(backend.email, "&firstName=Ada")));
        String other = Addresses.unique("grace", "example.org");
        confirm(signUp(other, "&firstName=Grace"));
        assertThat(everyItem()).anyMatch(item -> item.contains(backend.email));

        // WHEN the privacy officer erases the address, twice
        Map<String, Object> erased = json(post("/admin/privacy/erase", "{\"email\":\"" + backend.email + "\"}"));
        Map<String, Object> again = json(post("/admin/privacy/erase", "{\"email\":\"" + backend.email + "\"}"));

        // THEN no item holds the address or its key, the other lead is untouched
        assertThat(erased).containsEntry("erased", true).containsEntry("alreadyErased", false);
        assertThat(((Number) erased.get("itemsRemoved")).intValue()).isGreaterThan(5);
        assertThat(again).containsEntry("alreadyErased", true).containsEntry("itemsRemoved", 0);
        List<String> items = everyItem();
        assertThat(items).noneMatch(item -> item.toLowerCase().contains(backend.email.toLowerCase()))
                .noneMatch(item -> item.contains(backend.addressKey()));
        assertThat(items).anyMatch(item -> item.contains(other));
        // AND one erased ledger entry with time and requester is the proof (the lead.erased event's item)
        assertThat(items).filteredOn(item -> item.contains("type=AttributeValue(S=erased)")).singleElement()
                .satisfies(item -> assertThat(item).contains("privacy-officer", "EVENT#"));
        // AND the funnel still counts what happened
        assertThat(totals(get("/admin/campaigns/demo/funnel", null))).containsEntry("confirmed", 2);

        // WHEN the person signs up again, THEN they are a new person
        confirm(signUp(backend.email, "&firstName=Ada"));
        assertThat(backend.store.findLead("demo", backend.addressKey()).orElseThrow().survey()).isEmpty();
    }

    @Test
    void erasureKeepsTheSuppressionOfABouncedAddress() {
        confirm(signUp(backend.email, "&firstName=Ada"));
        backend.suppressAddress();

        Map<String, Object> erased = json(post("/admin/privacy/erase", "{\"email\":\"" + backend.email + "\"}"));

        assertThat(erased).containsEntry("suppressionKept", true);
        assertThat(backend.addressItem()).containsKey("suppressed").doesNotContainKey("confirmationSends");
        assertThat(everyItem()).noneMatch(item -> item.contains(backend.email));
    }

    @Test
    void primingReadsAndWritesNothing() throws Exception {
        PrimingCheck.assertHarmless(backend, admin.priming());
    }

    /** Every item of the test's table, as text: a Scan, which only a test may do. */
    List<String> everyItem() {
        List<String> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : EmulatedBackend.AWS.dynamoDb()
                .scanPaginator(s -> s.tableName(backend.table).consistentRead(true)).items()) {
            items.add(item.toString());
        }
        return items;
    }
}
