package com.leadpipe.functions.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import com.leadpipe.testing.UnitConfig;
import java.time.Clock;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Confirm handler on the events/ fixtures; the token in them is unknown to the (empty) table. */
class ConfirmHandlerTest {

    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
    final ConfirmHandler handler = new ConfirmHandler(UnitConfig.config(), dynamo.client(),
            CampaignCatalog.fromClasspath(), Clock.systemUTC(), UnitConfig.silentLog("confirm"));

    @Test
    void getOfAnUnknownLinkOnlyReadsAndOffersToSignUpAgain() {
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, ApiEvents.fixture("confirm-get.json"));

        assertThat(response.getStatusCode()).isEqualTo(410);
        assertThat(Jsoup.parse(ApiEvents.body(response)).selectFirst("a[href=/c/demo]").text()).isEqualTo("Sign up again");
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }

    @Test
    void postOfAnUnknownLinkChangesNothing() {
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, ApiEvents.fixture("confirm-post.json"));

        assertThat(response.getStatusCode()).isEqualTo(410);
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }
}
