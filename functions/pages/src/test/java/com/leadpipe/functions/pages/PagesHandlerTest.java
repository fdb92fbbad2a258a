package com.leadpipe.functions.pages;

import com.leadpipe.testing.ApiEvents;
import static com.leadpipe.testing.ApiEvents.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.log.Log;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.UnitConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

class PagesHandlerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:15:00Z"), ZoneOffset.UTC);

    /** Refuses what DynamoDB would refuse: the priming update's condition never holds. */
    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class, Map.of("updateItem", r -> {
        if (((UpdateItemRequest) r).conditionExpression() != null) {
            throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        }
        return UpdateItemResponse.builder().build();
    }));
    final List<String> logLines = new ArrayList<>();
    final PagesHandler handler = new PagesHandler(UnitConfig.config(), dynamo.client(), CampaignCatalog.fromClasspath(),
            CLOCK, new Log("pages", logLines::add, Log.Level.INFO, CLOCK));

    List<UpdateItemRequest> viewUpdates() {
        return dynamo.calls().stream().filter(c -> c.operation().equals("updateItem"))
                .map(c -> (UpdateItemRequest) c.request()).toList();
    }

    @Test
    void landingPageRendersTheDemoFormWithSecurityHeaders() {
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, fixture("page-landing.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("x-content-type-options", "nosniff")
                // demo.yaml lets https://www.example.com frame its pages; nobody else
                .hasEntrySatisfying("content-security-policy", csp -> assertThat(csp)
                        .contains("frame-ancestors https://www.example.com;").doesNotContain("script-src"))
                .doesNotContainKey("x-frame-options");
        Document page = Jsoup.parse(ApiEvents.body(response));
        assertThat(page.selectFirst("h1").text()).isEqualTo("Launch without the guesswork");
        assertThat(page.selectFirst("form").attr("action")).isEqualTo("/c/demo/subscribe");
        assertThat(page.select("label[for=email], label[for=firstName], label[for=role], label[for=consent]")).hasSize(4);
        assertThat(page.select("script")).isEmpty();
    }

    @Test
    void thanksAndConfirmedPagesShowTheCampaignCopy() {
        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, fixture("page-thanks.json")))).selectFirst("h1").text())
                .isEqualTo("Check your inbox");
        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, fixture("page-confirmed.json")))).selectFirst("h1").text())
                .isEqualTo("You're in!");
    }

    @Test
    void landingPageCarriesUtmParametersAndTheReferrerIntoTheForm() {
        APIGatewayV2HTTPEvent event = fixture("page-landing.json");
        event.setRawQueryString("utm_source=newsletter&utm_medium=email&utm_campaign=spring");
        event.getHeaders().put("referer", "https://blog.example/launch-tips");

        Document page = Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, event)));

        assertThat(page.select("form input[type=hidden]")).extracting(e -> e.attr("name") + "=" + e.attr("value"))
                .containsExactly("utm_source=newsletter", "utm_medium=email", "utm_campaign=spring",
                        "referrer=https://blog.example/launch-tips");
    }

    @Test
    void thanksPageLinksToTheSurveyOnlyForTokenShapedValues() {
        APIGatewayV2HTTPEvent good = fixture("page-thanks.json");
        good.setRawQueryString("s=demo." + "A".repeat(43));
        APIGatewayV2HTTPEvent injected = fixture("page-thanks.json");
        injected.setRawQueryString("s=%22%3E%3Cscript%3E");

        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, good))).selectFirst("a.button").attr("href"))
                .isEqualTo("/c/demo/survey?t=demo." + "A".repeat(43));
        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, injected))).select("a.button, script")).isEmpty();
    }

    @Test
    void unknownCampaignIs404() {
        APIGatewayV2HTTPEvent event = fixture("page-landing.json");
        event.getPathParameters().put("campaign", "no-such-campaign");

        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aLandingPageViewIsCountedOnTheCampaignsCounterOfTheDayAndSource() {
        APIGatewayV2HTTPEvent event = fixture("page-landing.json");
        event.setRawQueryString("utm_source=Newsletter&utm_medium=email");

        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(200);

        assertThat(viewUpdates()).singleElement().satisfies(update -> {
            assertThat(update.key().get("PK").s()).isEqualTo("COUNT#demo");
            assertThat(update.key().get("SK").s()).matches("DAY#2026-12-03#newsletter#email#\\(none\\)#[0-7]");
            assertThat(update.updateExpression()).contains("ADD #c0 :one");
            assertThat(update.expressionAttributeNames()).containsEntry("#c0", "views");
            assertThat(update.conditionExpression()).isNull();
        });
    }

    @Test
    void thanksConfirmedUnknownCampaignsCrawlersAndPrefetchesCountNoView() {
        APIGatewayV2HTTPEvent crawler = ApiEvents.withHeader(fixture("page-landing.json"), "user-agent",
                "Mozilla/5.0 (compatible; Googlebot/2.1)");
        APIGatewayV2HTTPEvent prefetch = ApiEvents.withHeader(fixture("page-landing.json"), "sec-purpose",
                "prefetch;prerender");
        APIGatewayV2HTTPEvent unknown = ApiEvents.withPathParameter(fixture("page-landing.json"), "campaign",
                "no-such-campaign");

        for (APIGatewayV2HTTPEvent event : List.of(fixture("page-thanks.json"), fixture("page-confirmed.json"), crawler,
                prefetch, unknown)) {
            ApiEvents.invoke(handler, event);
        }

        assertThat(viewUpdates()).isEmpty();
    }

    @Test
    void aTableThatFailsTheCountStillServesThePageAndLogsWhyWithoutTheVisitor() {
        RecordingClient<DynamoDbClient> failing = RecordingClient.of(DynamoDbClient.class, Map.of("updateItem", r -> {
            throw DynamoDbException.builder().message("Service unavailable").statusCode(503).build();
        }));
        PagesHandler pages = new PagesHandler(UnitConfig.config(), failing.client(), CampaignCatalog.fromClasspath(),
                CLOCK, new Log("pages", logLines::add, Log.Level.INFO, CLOCK));

        APIGatewayV2HTTPEvent event = fixture("page-landing.json");
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(pages, event);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ApiEvents.body(response)).contains("<form");
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"event\":\"pages.view_not_counted\"",
                "\"campaign\":\"demo\"").doesNotContain(event.getRequestContext().getHttp().getSourceIp()));
    }

    @Test
    void snapStartPrimingRendersEveryPageCountsNoViewAndLogsOnlyItsSummary() {
        assertThat(handler.priming().prime()).isZero();

        assertThat(logLines).singleElement().asString().contains("\"event\":\"priming.done\"", "\"failed\":0");
        // The real client's only writes were the refused rehearsals; the landing rounds ran offline.
        assertThat(viewUpdates()).isNotEmpty().allSatisfy(update ->
                assertThat(update.conditionExpression()).isEqualTo("attribute_exists(#primingNever)"));
    }
}
