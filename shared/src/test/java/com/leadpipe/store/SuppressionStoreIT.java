package com.leadpipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.store.SuppressionStore.Reason;
import com.leadpipe.testing.AwsEmulators;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Suppression state on the address item, against the emulated DynamoDB (moto or LocalStack). */
class SuppressionStoreIT {

    static final AwsEmulators AWS = AwsEmulators.get();
    static final Instant T0 = Instant.parse("2026-11-23T10:16:26.512Z");

    String table;
    SuppressionStore suppressions;
    LeadStore leads;
    String addressKey;

    @BeforeEach
    void setUp() {
        table = AWS.createTable();
        suppressions = new SuppressionStore(AWS.dynamoDb(), table);
        leads = new LeadStore(AWS.dynamoDb(), table);
        addressKey = UUID.randomUUID().toString().replace("-", "") + "00000000000000000000000000000000";
    }

    Map<String, AttributeValue> item() {
        return AWS.dynamoDb().getItem(g -> g.tableName(table).consistentRead(true)
                .key(ItemCodec.addressItemKey(addressKey))).item();
    }

    @Test
    void suppressingCreatesTheAddressItemWithoutAVersion() {
        assertThat(suppressions.suppress(addressKey, Reason.BOUNCE, T0, "f-1")).isTrue();

        Map<String, AttributeValue> item = item();
        assertThat(item.get("suppressed").bool()).isTrue();
        assertThat(item.get("suppressedReason").s()).isEqualTo("BOUNCE");
        assertThat(item.get("suppressedAt").s()).isEqualTo("2026-11-23T10:16:26.512000Z");
        assertThat(item.get("suppressedFeedbackId").s()).isEqualTo("f-1");
        assertThat(item).doesNotContainKeys("version", "confirmationSends");
        // The signup path reads it as suppressed, version 0 (as for a missing item).
        Records.Address address = leads.findAddress(addressKey);
        assertThat(address.suppressed()).isTrue();
        assertThat(address.version()).isZero();
        assertThat(address.confirmationSends()).isEmpty();
    }

    @Test
    void suppressingKeepsTheSignupPathsAttributes() {
        AWS.dynamoDb().updateItem(u -> u.tableName(table)
                .key(ItemCodec.addressItemKey(addressKey))
                .updateExpression("SET confirmationSends = :sends, #version = :v")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":sends", AttributeValue.fromL(List.of(AttributeValue.fromN("1795422983"))),
                        ":v", AttributeValue.fromN("3"))));

        suppressions.suppress(addressKey, Reason.COMPLAINT, T0, "f-1");

        Records.Address address = leads.findAddress(addressKey);
        assertThat(address.suppressed()).isTrue();
        assertThat(address.version()).isEqualTo(3);
        assertThat(address.confirmationSends()).containsExactly(Instant.ofEpochSecond(1795422983));
    }

    @Test
    void aRedeliveredSuppressionChangesNothing() {
        suppressions.suppress(addressKey, Reason.BOUNCE, T0, "f-1");

        assertThat(suppressions.suppress(addressKey, Reason.BOUNCE, T0.plusSeconds(60), "f-1")).isFalse();
        assertThat(suppressions.suppress(addressKey, Reason.BOUNCE, T0.plusSeconds(90), "f-2")).isFalse();
        assertThat(item().get("suppressedAt").s()).startsWith("2026-11-23T10:16:26");
        assertThat(item().get("suppressedFeedbackId").s()).isEqualTo("f-1");
    }

    @Test
    void aComplaintOverridesABounceButNotTheOtherWayRound() {
        suppressions.suppress(addressKey, Reason.BOUNCE, T0, "f-bounce");

        assertThat(suppressions.suppress(addressKey, Reason.COMPLAINT, T0.plusSeconds(60), "f-complaint")).isTrue();
        assertThat(item().get("suppressedReason").s()).isEqualTo("COMPLAINT");
        assertThat(item().get("suppressedFeedbackId").s()).isEqualTo("f-complaint");

        assertThat(suppressions.suppress(addressKey, Reason.COMPLAINT, T0.plusSeconds(90), "f-complaint")).isFalse();
        assertThat(suppressions.suppress(addressKey, Reason.BOUNCE, T0.plusSeconds(120), "f-bounce-2")).isFalse();
        assertThat(item().get("suppressedReason").s()).isEqualTo("COMPLAINT");
    }

    @Test
    void softBouncesAreCountedOncePerFeedbackIdAndDoNotSuppress() {
        assertThat(suppressions.countTransientBounce(addressKey, T0, "f-1")).hasValue(1);
        assertThat(suppressions.countTransientBounce(addressKey, T0, "f-1")).isEmpty();
        assertThat(suppressions.countTransientBounce(addressKey, T0.plusSeconds(3600), "f-2")).hasValue(2);

        Map<String, AttributeValue> item = item();
        assertThat(item.get("transientBounces").n()).isEqualTo("2");
        assertThat(item.get("lastTransientBounceAt").s()).startsWith("2026-11-23T11:16:26");
        assertThat(item).doesNotContainKeys("suppressed", "version");
        assertThat(leads.findAddress(addressKey).suppressed()).isFalse();
    }

    @Test
    void aLiftedSuppressionCanBeSetAgain() {
        suppressions.suppress(addressKey, Reason.BOUNCE, T0, "f-1");

        // As README's "lift a suppression" does it.
        AWS.dynamoDb().updateItem(u -> u.tableName(table)
                .key(ItemCodec.addressItemKey(addressKey))
                .updateExpression("REMOVE suppressed, suppressedAt, suppressedReason, suppressedFeedbackId "
                        + "SET suppressionLiftedAt = :now")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS("2026-11-24T09:00:00Z"))));
        assertThat(leads.findAddress(addressKey).suppressed()).isFalse();

        assertThat(suppressions.suppress(addressKey, Reason.BOUNCE, T0.plusSeconds(86_400), "f-2")).isTrue();
        assertThat(leads.findAddress(addressKey).suppressed()).isTrue();
    }
}
