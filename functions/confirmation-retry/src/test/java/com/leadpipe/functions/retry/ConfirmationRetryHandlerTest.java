package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

class ConfirmationRetryHandlerTest {

    @Test
    void aRetryWhoseSignupIsGoneSendsNothingAndSucceeds() {
        RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
        RecordingClient<SesV2Client> ses = RecordingClient.of(SesV2Client.class);
        ConfirmationRetryHandler handler = new ConfirmationRetryHandler(new LeadpipeConfig("leads", "hello@example.com",
                Optional.empty(), Optional.empty(), Duration.ofDays(7), 3, Optional.empty()), dynamo.client(),
                ses.client(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                new Log("retry", s -> { }, Log.Level.INFO, Clock.systemUTC()));

        SQSBatchResponse response = handler.handleRequest(EventLoader.loadSQSEvent("events/retry-sqs.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(ses.calls()).as("no mail").isEmpty();
    }
}
