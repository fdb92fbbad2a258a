package com.leadpipe.functions.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.feedback.FeedbackService;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.store.SuppressionStore;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Handler logic on the events/ fixtures with a recording DynamoDB client. The fixtures' signatures
 * were never made by AWS, so most tests pass a verifier that accepts; the last ones run the real
 * {@link SnsVerifier} on fixtures re-signed by a test key. The flow itself: BounceFlowIT.
 */
class BounceHandlerTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:20:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final List<String> logs = new ArrayList<>();
    final Log log = new Log("bounces", logs::add, Log.Level.INFO, clock);
    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class, Map.of(
            "updateItem", r -> UpdateItemResponse.builder()
                    .attributes(Map.of("transientBounces", AttributeValue.fromN("1"))).build()));
    final FeedbackService feedback = new FeedbackService(new SuppressionStore(dynamo.client(), "leads"), clock, log);

    static InputStream fixture(String name) {
        return new ByteArrayInputStream(TestSns.fixture(name).getBytes(StandardCharsets.UTF_8));
    }

    void handle(BounceHandler handler, InputStream event) {
        handler.handleRequest(event, new ByteArrayOutputStream(), null);
    }

    BounceHandler accepting() {
        return new BounceHandler(m -> { }, feedback, log);
    }

    static String key(String address) {
        return EmailAddress.tryParse(address).orElseThrow().key();
    }

    /** The one change asked of the table: an update of an address item. */
    TableWrites.Write onlyUpdate() {
        List<TableWrites.Write> writes = TableWrites.of(dynamo);
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0).kind()).isEqualTo("update");
        return writes.get(0);
    }

    @Test
    void permanentBounceSuppressesTheAddressItem() {
        handle(accepting(), fixture("ses-bounce-permanent.json"));

        TableWrites.Write update = onlyUpdate();
        assertThat(update.table()).isEqualTo("leads");
        assertThat(update.pk()).isEqualTo("ADDR#" + key("ada@example.com"));
        assertThat(update.sk()).isEqualTo("ADDR");
        assertThat(update.item().get(":reason").s()).isEqualTo("BOUNCE");
        assertThat(update.item().get(":true").bool()).isTrue();
        assertThat(update.expression()).doesNotContain("version").doesNotContain("confirmationSends");
        assertThat(String.join("\n", logs)).contains("feedback.suppressed").contains("\"reason\":\"bounce\"")
                .contains(key("ada@example.com").substring(0, 12)).doesNotContain("ada@example.com");
    }

    @Test
    void complaintSuppressesWithItsOwnReason() {
        handle(accepting(), fixture("ses-complaint.json"));

        TableWrites.Write update = onlyUpdate();
        assertThat(update.pk()).isEqualTo("ADDR#" + key("grace@example.org"));
        assertThat(update.item().get(":reason").s()).isEqualTo("COMPLAINT");
        assertThat(String.join("\n", logs)).contains("\"reason\":\"complaint\"").doesNotContain("grace@");
    }

    @Test
    void transientBounceIsCountedNotSuppressed() {
        handle(accepting(), fixture("ses-bounce-transient.json"));

        TableWrites.Write update = onlyUpdate();
        assertThat(update.pk()).isEqualTo("ADDR#" + key("lin@example.net"));
        assertThat(update.expression()).startsWith("ADD ").doesNotContain("suppressed");
        assertThat(String.join("\n", logs)).contains("feedback.soft_bounce").contains("\"softBounces\":1");
    }

    @Test
    void deliveryIsOnlyLogged() {
        handle(accepting(), fixture("ses-delivery.json"));

        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(logs).singleElement().satisfies(l -> assertThat(l).contains("feedback.delivery")
                .contains("\"recipients\":1").doesNotContain("alan@"));
    }

    @Test
    void aRejectedMessageChangesNothingAndReturnsNormally() {
        BounceHandler rejecting = new BounceHandler(m -> {
            throw new RejectedMessage("signature");
        }, feedback, log);

        handle(rejecting, fixture("ses-bounce-permanent.json"));

        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(logs).singleElement().satisfies(l -> assertThat(l).contains("\"level\":\"WARN\"")
                .contains("feedback.rejected").contains("\"reason\":\"signature\"")
                .contains("a4b2c1d0-7e6f-5a4b-9c8d-1e2f3a4b5c6d"));
    }

    @Test
    void garbageIsRejectedWithoutThrowing() {
        handle(accepting(), new ByteArrayInputStream("{\"hello\":".getBytes(StandardCharsets.UTF_8)));

        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(logs).singleElement().satisfies(l -> assertThat(l).contains("malformed_event"));
    }

    @Test
    void aStoreFailureIsThrownSoLambdaRetries() {
        RecordingClient<DynamoDbClient> failing = RecordingClient.of(DynamoDbClient.class, Map.of("updateItem", r -> {
            throw ProvisionedThroughputExceededException.builder().message("slow down").build();
        }));
        BounceHandler handler = new BounceHandler(m -> { },
                new FeedbackService(new SuppressionStore(failing.client(), "leads"), clock, log), log);

        assertThatThrownBy(() -> handle(handler, fixture("ses-complaint.json"))).isInstanceOf(StoreException.class);
        assertThat(String.join("\n", logs)).contains("feedback.store_failed").contains("\"level\":\"ERROR\"");
    }

    @Test
    void anUnavailableCertificateIsThrownSoLambdaRetries() {
        BounceHandler handler = new BounceHandler(TestSns.TOPIC, "leads", dynamo.client(), url -> {
            throw new SigningCertificates.Unavailable("connect timed out", null);
        }, clock, log);
        TestSns sns = new TestSns(NOW);
        SnsMessage message = sns.notification("m-1", TestSns.fixtureMessage("ses-complaint.json").message(), NOW);

        assertThatThrownBy(() -> handle(handler, TestSns.lambdaEvent(message)))
                .isInstanceOf(SigningCertificates.Unavailable.class);
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }

    // ---- the real verifier, on fixtures re-signed by a test key

    @Test
    void fixturesReSignedByTheTestKeyPassTheRealVerifier() {
        TestSns sns = new TestSns(NOW);
        clock.advance(java.time.Duration.ofMinutes(-3)); // a few minutes after the fixture's timestamp
        BounceHandler handler = new BounceHandler(TestSns.TOPIC, "leads", dynamo.client(), sns, clock, log);

        handle(handler, TestSns.lambdaEvent(sns.sign(TestSns.fixtureMessage("ses-bounce-permanent.json"), "2")));

        assertThat(sns.fetched).hasSize(1);
        assertThat(onlyUpdate().item().get(":reason").s()).isEqualTo("BOUNCE");
    }

    @Test
    void theFixturesOwnSignaturesFailTheRealVerifier() {
        TestSns sns = new TestSns(NOW);
        clock.advance(java.time.Duration.ofMinutes(-3));
        BounceHandler handler = new BounceHandler(TestSns.TOPIC, "leads", dynamo.client(), sns, clock, log);

        handle(handler, fixture("ses-bounce-permanent.json"));

        assertThat(TableWrites.of(dynamo)).isEmpty();
        assertThat(String.join("\n", logs)).contains("feedback.rejected").contains("\"reason\":\"signature\"");
    }
}
