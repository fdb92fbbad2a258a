package com.leadpipe.functions.unsubscribe;

import static com.leadpipe.testing.ApiEvents.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.log.Log;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.SdkRequests;
import com.leadpipe.testing.TableWrites;
import com.leadpipe.testing.UnitConfig;
import com.leadpipe.token.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Unsubscribe handler on the events/ fixtures, with a recording DynamoDB client that knows the
 * fixtures' token (or not) and the lead's status: what each path answers, and what it writes.
 */
class UnsubscribeHandlerTest {

    /** The token in both fixtures. */
    static final String TOKEN = "demo.Xk4mP9sQ2vT7wY1zB3cD5fG8hJ0kL6nR4tU9vW2xA1E";
    static final Instant NOW = Instant.parse("2025-11-23T11:35:32Z");
    static final String ADDRESS_KEY = "3f".repeat(32);
    static final String LEAD_ID = "0b7e4a52-1d8c-4f7e-a3c5-9e2b6d1f8a04";

    boolean tokenStored = true;
    Instant tokenExpiresAt = NOW.plus(Duration.ofDays(300));
    String leadStatus = "CONFIRMED";
    RuntimeException transactFailure;
    final List<String> logs = new ArrayList<>();

    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class, Map.of(
            "getItem", this::getItem,
            "transactWriteItems", request -> {
                if (transactFailure != null) {
                    throw transactFailure;
                }
                return software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse.builder().build();
            }));

    final UnsubscribeHandler handler = new UnsubscribeHandler(UnitConfig.config(), dynamo.client(),
            CampaignCatalog.fromClasspath(), Clock.fixed(NOW, ZoneOffset.UTC),
            new Log("unsubscribe", logs::add, Log.Level.INFO, Clock.fixed(NOW, ZoneOffset.UTC)));

    Object getItem(Object recorded) {
        GetItemRequest request = SdkRequests.of(recorded, GetItemRequest::builder);
        Map<String, AttributeValue> item = new HashMap<>();
        switch (request.key().get("SK").s()) {
            case "TOKEN" -> {
                if (tokenStored) {
                    item.put("PK", s("TOKEN#" + Tokens.parse(TOKEN).orElseThrow().hash()));
                    item.put("SK", s("TOKEN"));
                    item.put("purpose", s("UNSUBSCRIBE"));
                    item.put("campaign", s("demo"));
                    item.put("addressKey", s(ADDRESS_KEY));
                    item.put("submissionId", s(LEAD_ID));
                    item.put("createdAt", s("2025-02-01T09:00:00.000000Z"));
                    item.put("expiresAt", AttributeValue.fromN(Long.toString(tokenExpiresAt.getEpochSecond())));
                }
            }
            case "LEAD" -> {
                item.put("PK", s("LEAD#demo#" + ADDRESS_KEY));
                item.put("SK", s("LEAD"));
                item.put("campaign", s("demo"));
                item.put("addressKey", s(ADDRESS_KEY));
                item.put("leadId", s(LEAD_ID));
                item.put("email", s("ada@example.com"));
                item.put("status", s(leadStatus));
            }
            default -> { }
        }
        return GetItemResponse.builder().item(item.isEmpty() ? null : item).build();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return ApiEvents.invoke(handler, event);
    }

    static APIGatewayV2HTTPEvent oneClick(String contentType, String body) {
        APIGatewayV2HTTPEvent event = fixture("unsubscribe-post-one-click.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("content-type");
        headers.remove("content-length");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        event.setHeaders(headers);
        event.setBody(body == null ? null : Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(body != null);
        return event;
    }

    /** The unsubscribe transaction: the lead's update, then its ledger event. */
    List<TransactWriteItem> transaction() {
        List<TransactWriteItem> parts = new ArrayList<>();
        for (RecordingClient.Call call : dynamo.calls()) {
            if (call.operation().equals("transactWriteItems")) {
                parts.addAll(SdkRequests.of(call.request(), TransactWriteItemsRequest::builder).transactItems());
            }
        }
        return parts;
    }

    @Test
    void getShowsAButtonThatPostsTheTokenAndOnlyReads() {
        APIGatewayV2HTTPResponse response = handle(fixture("unsubscribe-get.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        Document page = Jsoup.parse(ApiEvents.body(response));
        assertThat(page.selectFirst("form[method=post][action=/unsubscribe] input[type=hidden][name=t]").attr("value"))
                .isEqualTo(TOKEN);
        assertThat(page.selectFirst("form button[type=submit]").text()).isEqualTo("Unsubscribe");
        assertThat(page.selectFirst("p").text()).isEqualTo("Stop getting emails from The Lean Launch Checklist?");
        assertThat(page.select("script")).isEmpty(); // nothing presses the button but a person
        assertThat(ApiEvents.body(response)).doesNotContain("ada@example.com");
        assertThat(response.getHeaders()).containsEntry("cache-control", "no-store").containsKey("content-security-policy");
        assertThat(TableWrites.of(dynamo)).as("a GET changes nothing").isEmpty();
    }

    @Test
    void getOfAnUnknownLinkIs410WithNothingElse() {
        tokenStored = false;

        APIGatewayV2HTTPResponse response = handle(fixture("unsubscribe-get.json"));

        assertThat(response.getStatusCode()).isEqualTo(410);
        Document page = Jsoup.parse(ApiEvents.body(response));
        assertThat(page.selectFirst("h1").text()).isEqualTo("This link has expired");
        assertThat(page.select("a, form")).isEmpty();
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }

    @Test
    void getOfAnExpiredLinkIs410() {
        tokenExpiresAt = NOW; // DynamoDB's TTL deletes lazily: the reader checks

        assertThat(handle(fixture("unsubscribe-get.json")).getStatusCode()).isEqualTo(410);
    }

    @Test
    void getWhenAlreadyUnsubscribedSaysSo() {
        leadStatus = "UNSUBSCRIBED";

        APIGatewayV2HTTPResponse response = handle(fixture("unsubscribe-get.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(ApiEvents.body(response)).selectFirst("h1").text()).isEqualTo("You're already unsubscribed");
        assertThat(Jsoup.parse(ApiEvents.body(response)).select("form")).isEmpty();
    }

    @Test
    void malformedLinksAre400AndReadNothing() {
        for (String query : List.of("t=demo.tooShort", "t=", "", "t=" + TOKEN.toUpperCase())) {
            APIGatewayV2HTTPResponse response = handle(ApiEvents.request("GET", "/unsubscribe", "GET /unsubscribe",
                    Map.of(), query, null, null));
            assertThat(response.getStatusCode()).as(query).isEqualTo(400);
            assertThat(Jsoup.parse(ApiEvents.body(response)).selectFirst("h1").text()).isEqualTo("This link is not valid");
        }
        assertThat(dynamo.calls()).as("refused before any read").isEmpty();
    }

    @Test
    void oneClickPostAsGmailSendsItUnsubscribesWithOneReadAndOneTransaction() {
        APIGatewayV2HTTPResponse response = handle(fixture("unsubscribe-post-one-click.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "text/plain; charset=utf-8")
                .doesNotContainKeys("location", "set-cookie");
        assertThat(ApiEvents.body(response)).isEqualTo("You are unsubscribed.\n");
        assertThat(TableWrites.of(dynamo)).extracting(TableWrites.Write::sk)
                // the lead, the day's funnel counter (unsubscribed + 1) and the ledger event
                .containsExactly("LEAD", "DAY#2025-11-23#(none)#(none)#(none)#0",
                        "EVENT#2025-11-23T11:35:32.000000Z#0#unsubscribed#" + LEAD_ID);

        List<TransactWriteItem> items = transaction();
        assertThat(items).hasSize(3); // the lead, the funnel counter, the ledger event
        var lead = items.get(0).update();
        assertThat(lead.key()).containsEntry("PK", s("LEAD#demo#" + ADDRESS_KEY)).containsEntry("SK", s("LEAD"));
        assertThat(lead.updateExpression()).isEqualTo("SET #status = :unsubscribed, #at = :now REMOVE #dueShard, #dueAt");
        assertThat(lead.conditionExpression()).isEqualTo("#status = :confirmed");
        assertThat(lead.expressionAttributeNames()).containsEntry("#at", "unsubscribedAt")
                .containsEntry("#dueShard", "dueShard").containsEntry("#dueAt", "dueAt");
        assertThat(lead.expressionAttributeValues()).containsEntry(":now", s("2025-11-23T11:35:32.000000Z"));
        Map<String, AttributeValue> event = items.stream().filter(i -> i.put() != null).findFirst().orElseThrow().put().item();
        assertThat(event.get("SK").s()).isEqualTo("EVENT#2025-11-23T11:35:32.000000Z#0#unsubscribed#" + LEAD_ID);
        assertThat(event.get("type").s()).isEqualTo("unsubscribed");
        assertThat(event.get("campaign").s()).isEqualTo("demo");
        assertThat(event.get("ip").s()).isEqualTo("192.0.2.25");
        assertThat(event.get("details").m()).containsExactly(Map.entry("method", s("one-click")));
        assertThat(items.stream().filter(i -> i.put() != null).findFirst().orElseThrow().put().conditionExpression()).isEqualTo("attribute_not_exists(#pk)");

        assertThat(String.join("\n", logs)).contains("lead.unsubscribed", LEAD_ID, "one-click")
                .doesNotContain(TOKEN).doesNotContain("192.0.2.25");
    }

    @Test
    void oneClickAcceptsMultipartEmptyAndMislabelledBodies() {
        String multipart = "--b1\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b1--\r\n";

        List<APIGatewayV2HTTPEvent> events = List.of(
                oneClick("multipart/form-data; boundary=b1", multipart), // what RFC 8058 says SHOULD be sent
                oneClick(null, null),
                oneClick("text/plain", "List-Unsubscribe=One-Click"),
                oneClick("application/x-www-form-urlencoded", "%zz broken"));

        for (APIGatewayV2HTTPEvent event : events) {
            assertThat(handle(event).getStatusCode()).isEqualTo(200);
        }
        assertThat(TableWrites.to(dynamo, "LEAD")).as("each one unsubscribes the lead").hasSize(events.size());
    }

    @Test
    void oneClickRepeatAnswersTheSameAndWritesNothing() {
        leadStatus = "UNSUBSCRIBED";
        transactFailure = TransactionCanceledException.builder().message("Transaction cancelled")
                .cancellationReasons(CancellationReason.builder().code("ConditionalCheckFailed").build(),
                        CancellationReason.builder().code("None").build())
                .build();

        APIGatewayV2HTTPResponse response = handle(fixture("unsubscribe-post-one-click.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ApiEvents.body(response)).isEqualTo("You are unsubscribed.\n");
        assertThat(String.join("\n", logs)).contains("unsubscribe.already").doesNotContain("lead.unsubscribed");
    }

    @Test
    void oneClickOfAnUnknownOrExpiredLinkIs410AndWritesNothing() {
        tokenStored = false;
        APIGatewayV2HTTPResponse unknown = handle(fixture("unsubscribe-post-one-click.json"));
        tokenStored = true;
        tokenExpiresAt = NOW.minusSeconds(1);
        APIGatewayV2HTTPResponse expired = handle(fixture("unsubscribe-post-one-click.json"));

        assertThat(unknown.getStatusCode()).isEqualTo(410);
        assertThat(expired.getStatusCode()).isEqualTo(410);
        assertThat(ApiEvents.body(expired)).isEqualTo("This unsubscribe link has expired.\n");
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }

    @Test
    void pageButtonPostUnsubscribesThenRedirectsToTheResult() {
        APIGatewayV2HTTPResponse response = handle(ApiEvents.request("POST", "/unsubscribe", "POST /unsubscribe",
                Map.of(), null, ApiEvents.FORM, "t=" + TOKEN));

        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(response.getHeaders()).containsEntry("location", "/unsubscribe?t=" + TOKEN + "&done=1");
        assertThat(transaction().stream().filter(i -> i.put() != null).findFirst().orElseThrow().put().item().get("details").m())
                .containsExactly(Map.entry("method", s("page")));
    }

    @Test
    void theResultPageSaysUnsubscribedAndOffersTheWayBack() {
        leadStatus = "UNSUBSCRIBED";

        APIGatewayV2HTTPResponse response = handle(ApiEvents.request("GET", "/unsubscribe", "GET /unsubscribe",
                Map.of(), "t=" + TOKEN + "&done=1", null, null));

        Document page = Jsoup.parse(ApiEvents.body(response));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(page.selectFirst("h1").text()).isEqualTo("You're unsubscribed");
        assertThat(page.selectFirst("p").text()).isEqualTo("You won't get any more emails from The Lean Launch Checklist.");
        assertThat(page.selectFirst("a[href=/c/demo]").text()).isEqualTo("Sign up again");
    }

    @Test
    void pageButtonPostWithoutATokenIs400() {
        APIGatewayV2HTTPResponse response = handle(ApiEvents.request("POST", "/unsubscribe", "POST /unsubscribe",
                Map.of(), null, ApiEvents.FORM, "List-Unsubscribe=One-Click"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(dynamo.calls()).isEmpty();
    }

    @Test
    void aTableOutageIsARetryable503() {
        RecordingClient<DynamoDbClient> down = RecordingClient.of(DynamoDbClient.class, Map.<String, Function<Object, Object>>of(
                "getItem", r -> {
                    throw DynamoDbException.builder().message("unavailable").statusCode(500).build();
                }));
        UnsubscribeHandler broken = new UnsubscribeHandler(UnitConfig.config(), down.client(),
                CampaignCatalog.fromClasspath(), Clock.fixed(NOW, ZoneOffset.UTC),
                new Log("unsubscribe", logs::add, Log.Level.INFO, Clock.fixed(NOW, ZoneOffset.UTC)));

        APIGatewayV2HTTPResponse response = ApiEvents.invoke(broken, fixture("unsubscribe-post-one-click.json"));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "30");
    }
}
