package com.leadpipe.functions.survey;

import com.leadpipe.testing.ApiEvents;
import static com.leadpipe.testing.ApiEvents.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import com.leadpipe.testing.UnitConfig;
import java.time.Clock;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Survey handler on the events/ fixtures; their token is unknown to the (empty) table. */
class SurveyHandlerTest {

    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
    final SurveyHandler handler = new SurveyHandler(UnitConfig.config(), dynamo.client(), CampaignCatalog.fromClasspath(),
            Clock.systemUTC(), UnitConfig.silentLog("survey"));

    @Test
    void unknownLinksOfferToSignUpAgainAndWriteNothing() {
        APIGatewayV2HTTPResponse shown = ApiEvents.invoke(handler, fixture("survey-get.json"));
        APIGatewayV2HTTPResponse posted = ApiEvents.invoke(handler, fixture("survey-post.json"));

        assertThat(shown.getStatusCode()).isEqualTo(410);
        assertThat(posted.getStatusCode()).isEqualTo(410);
        assertThat(Jsoup.parse(ApiEvents.body(posted)).selectFirst("a[href=/c/demo]")).isNotNull();
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }

    @Test
    void aCampaignWithoutSurveyOrAMalformedLinkIsRefusedBeforeAnyRead() {
        APIGatewayV2HTTPEvent unknown = fixture("survey-get.json");
        unknown.getPathParameters().put("campaign", "nope");
        APIGatewayV2HTTPEvent mangled = fixture("survey-get.json");
        mangled.setRawQueryString("t=demo.short");

        assertThat(ApiEvents.invoke(handler, unknown).getStatusCode()).isEqualTo(404);
        assertThat(ApiEvents.invoke(handler, mangled).getStatusCode()).isEqualTo(400);
        assertThat(dynamo.calls()).isEmpty();
    }
}
