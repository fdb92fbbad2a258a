package com.leadpipe.functions.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Survey handler on the events/ fixtures; their token is unknown to the (empty) table. */
class SurveyHandlerTest {

    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
    final SurveyHandler handler = new SurveyHandler(new LeadpipeConfig("leads", "hello@example.com", Optional.empty(),
            Optional.empty(), Duration.ofDays(7), 3, Optional.empty()), dynamo.client(), CampaignCatalog.fromClasspath(),
            Clock.systemUTC(), new Log("survey", s -> { }, Log.Level.INFO, Clock.systemUTC()));

    static APIGatewayV2HTTPEvent fixture(String name) {
        return ApiEvents.fixture(name);
    }

    @Test
    void unknownLinksOfferToSignUpAgainAndWriteNothing() {
        APIGatewayV2HTTPResponse shown = handler.handleRequest(fixture("survey-get.json"), null);
        APIGatewayV2HTTPResponse posted = handler.handleRequest(fixture("survey-post.json"), null);

        assertThat(shown.getStatusCode()).isEqualTo(410);
        assertThat(posted.getStatusCode()).isEqualTo(410);
        assertThat(Jsoup.parse(posted.getBody()).selectFirst("a[href=/c/demo]")).isNotNull();
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }

    @Test
    void aCampaignWithoutSurveyOrAMalformedLinkIsRefusedBeforeAnyRead() {
        APIGatewayV2HTTPEvent unknown = fixture("survey-get.json");
        unknown.getPathParameters().put("campaign", "nope");
        APIGatewayV2HTTPEvent mangled = fixture("survey-get.json");
        mangled.setRawQueryString("t=demo.short");

        assertThat(handler.handleRequest(unknown, null).getStatusCode()).isEqualTo(404);
        assertThat(handler.handleRequest(mangled, null).getStatusCode()).isEqualTo(400);
        assertThat(dynamo.calls()).isEmpty();
    }
}
