package com.leadpipe.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.log.Log;
import com.leadpipe.store.SuppressionStore;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class FeedbackServiceTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:20:00Z"));
    final List<String> logs = new ArrayList<>();
    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
    final FeedbackService service = new FeedbackService(new SuppressionStore(dynamo.client(), "leads"), clock,
            new Log("bounces", logs::add, Log.Level.INFO, clock));

    static String key(String address) {
        return EmailAddress.tryParse(address).orElseThrow().key();
    }

    @Test
    void recipientsWithDisplayNamesOrOtherCaseKeyLikeTheSignup() {
        assertThat(FeedbackService.addressKey("\"Lovelace, Ada\" <Ada@Example.COM>")).contains(key("ada@example.com"));
        assertThat(FeedbackService.addressKey("  ada@example.com ")).contains(key("ada@example.com"));
        assertThat(FeedbackService.addressKey("not an address")).isEmpty();
        assertThat(FeedbackService.addressKey(null)).isEmpty();
    }

    @Test
    void aPermanentBounceForSeveralRecipientsSuppressesEachAndSkipsUnusableOnes() {
        SesNotification bounce = new SesNotification(SesNotification.Kind.PERMANENT_BOUNCE, "Bounce", "Permanent/General",
                "m-1", List.of("Ada <ada@example.com>", "lin@example.net", "<>"), "f-1", Optional.empty());

        FeedbackService.Outcome outcome = service.apply(bounce);

        assertThat(outcome).isEqualTo(new FeedbackService.Outcome(2, 0, 0, 1));
        List<TableWrites.Write> writes = TableWrites.of(dynamo);
        assertThat(writes).extracting(TableWrites.Write::pk)
                .containsExactlyInAnyOrder("ADDR#" + key("ada@example.com"), "ADDR#" + key("lin@example.net"));
        // No bounce time from SES: now.
        assertThat(writes).allSatisfy(w -> assertThat(w.item().get(":at").s()).startsWith("2026-11-23T10:20:00"));
        assertThat(String.join("\n", logs)).contains("feedback.unusable_recipients").doesNotContain("@");
    }

    @Test
    void otherEventsTouchNothing() {
        service.apply(new SesNotification(SesNotification.Kind.OTHER, "Open", "", "m-1", List.of(), "m-1#Open",
                Optional.empty()));

        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(logs).singleElement().satisfies(l -> assertThat(l).contains("feedback.ignored").contains("Open"));
    }
}
