package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.SqsEvents;
import com.leadpipe.testing.TableWrites;
import com.leadpipe.testing.UnitConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

class ConfirmationRetryHandlerTest {

    @Test
    void aRetryWhoseSignupIsGoneSendsNothingAndSucceeds() throws IOException {
        RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
        RecordingClient<SesV2Client> ses = RecordingClient.of(SesV2Client.class);
        ConfirmationRetryHandler handler = new ConfirmationRetryHandler(UnitConfig.config(), dynamo.client(),
                ses.client(), CampaignCatalog.fromClasspath(), Clock.systemUTC(), UnitConfig.silentLog("retry"));

        List<String> failed;
        try (InputStream fixture = getClass().getClassLoader().getResourceAsStream("events/retry-sqs.json")) {
            failed = SqsEvents.invoke(handler, fixture.readAllBytes());
        }

        assertThat(failed).isEmpty();
        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(ses.calls()).as("no mail").isEmpty();
    }
}
