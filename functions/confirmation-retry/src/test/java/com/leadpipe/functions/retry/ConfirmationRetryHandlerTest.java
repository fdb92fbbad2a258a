package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import com.leadpipe.testing.UnitConfig;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

class ConfirmationRetryHandlerTest {

    @Test
    void aRetryWhoseSignupIsGoneSendsNothingAndSucceeds() {
        RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
        RecordingClient<SesV2Client> ses = RecordingClient.of(SesV2Client.class);
        ConfirmationRetryHandler handler = new ConfirmationRetryHandler(UnitConfig.config(), dynamo.client(),
                ses.client(), CampaignCatalog.fromClasspath(), Clock.systemUTC(), UnitConfig.silentLog("retry"));

        SQSBatchResponse response = handler.handleRequest(EventLoader.loadSQSEvent("events/retry-sqs.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(ses.calls()).as("no mail").isEmpty();
    }
}
