package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.SqsEvents;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

class ConfirmationRetryHandlerTest {

    @Test
    void aRetryWhoseSignupIsGoneSendsNothingAndSucceeds() throws IOException {
        RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
        RecordingClient<SesV2Client> ses = RecordingClient.of(SesV2Client.class);
        ConfirmationRetryHandler handler = new ConfirmationRetryHandler(new LeadpipeConfig("leads", "hello@example.com",
                Optional.empty(), Optional.empty(), Duration.ofDays(7), 3, Optional.empty()), dynamo.client(),
                ses.client(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                new Log("retry", s -> { }, Log.Level.INFO, Clock.systemUTC()));

        List<String> failed;
        try (InputStream fixture = getClass().getClassLoader().getResourceAsStream("events/retry-sqs.json")) {
            failed = SqsEvents.invoke(handler, fixture.readAllBytes());
        }

        assertThat(failed).isEmpty();
        assertThat(dynamo.operations()).containsExactly("getItem"); // no signup: nothing else is read
        assertThat(ses.calls()).isEmpty();
    }
}
