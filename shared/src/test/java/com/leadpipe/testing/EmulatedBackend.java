package com.leadpipe.testing;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.LeadpipeTable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One integration test's share of the emulators: its own table, a clock it moves by hand, the
 * log its handlers write, a new subscriber address, its sender verified in SES. Register it per
 * test, {@code @RegisterExtension final EmulatedBackend backend = new EmulatedBackend(...)} (JUnit
 * makes a test instance per test method); it prints the captured log after each test, next to any
 * failure in the report.
 */
public final class EmulatedBackend implements AfterEachCallback {

    public static final AwsEmulators AWS = AwsEmulators.get();

    public final MutableClock clock = MutableClock.startingNow();
    public final String table = AWS.createTable();
    public final LeadStore store = new LeadStore(AWS.dynamoDb(), table);
    public final CapturedLog logs = new CapturedLog();
    public final Log log = logs.log("it", clock);
    public final CampaignCatalog campaigns = CampaignCatalog.fromClasspath();
    /** The subscriber of this test: a new address, never seen by another test. */
    public final String email;
    private final String sender;

    /** @param person and {@code domain} make the subscriber's address, e.g. grace-1a2b3c4d@example.org */
    public EmulatedBackend(String sender, String person, String domain) {
        this.sender = sender;
        this.email = Addresses.unique(person, domain);
        AWS.verifySender(sender);
    }

    /** The functions' configuration for this table and sender: 7 days pending, 3 mails per address. */
    public LeadpipeConfig config() {
        return new LeadpipeConfig(table, sender, Optional.empty(), Optional.empty(), Duration.ofDays(7), 3);
    }

    public String addressKey() {
        return Addresses.key(email);
    }

    /** The mails SES accepted for the subscriber, oldest first. */
    public List<SentEmail> mails() {
        return AWS.sentEmailsTo(email);
    }

    /** An item as it is in the table now (strongly consistent); empty if there is none. */
    public Map<String, AttributeValue> item(String pk, String sk) {
        return AWS.dynamoDb().getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                LeadpipeTable.PK, AttributeValue.fromS(pk), LeadpipeTable.SK, AttributeValue.fromS(sk)))).item();
    }

    public Map<String, AttributeValue> addressItem() {
        return item(LeadpipeTable.addressPk(addressKey()), LeadpipeTable.SK_ADDRESS);
    }

    public Map<String, AttributeValue> leadItem(String campaignId) {
        return item(LeadpipeTable.leadPk(campaignId, addressKey()), LeadpipeTable.SK_LEAD);
    }

    /** Suppresses the address by hand, as README's operator instructions do. */
    public void suppressAddress() {
        AWS.dynamoDb().updateItem(u -> u.tableName(table).key(Map.of(
                        LeadpipeTable.PK, AttributeValue.fromS(LeadpipeTable.addressPk(addressKey())),
                        LeadpipeTable.SK, AttributeValue.fromS(LeadpipeTable.SK_ADDRESS)))
                .updateExpression("SET suppressed = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
    }

    /**
     * A handler wired to this backend through the constructor tests use: the public one with the
     * most parameters, each filled by type from {@code parts} first, then from the backend (its
     * config, the emulators' clients, campaigns, clock, log).
     */
    public <T> T handler(Class<T> type, Object... parts) {
        Constructor<?> chosen = null;
        for (Constructor<?> c : type.getConstructors()) {
            if (chosen == null || c.getParameterCount() > chosen.getParameterCount()) {
                chosen = c;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no public constructor");
        }
        Class<?>[] types = chosen.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = part(types[i], parts, type);
        }
        try {
            return type.cast(chosen.newInstance(args));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot make " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getSimpleName(), e);
        }
    }

    private Object part(Class<?> wanted, Object[] parts, Class<?> forType) {
        for (Object part : parts) {
            if (wanted.isInstance(part)) {
                return part;
            }
        }
        if (wanted == LeadpipeConfig.class) {
            return config();
        } else if (wanted == com.leadpipe.abuse.AbuseConfig.class) {
            return com.leadpipe.abuse.AbuseConfig.off(); // tests of abuse settings pass their own
        } else if (wanted == com.leadpipe.captcha.CaptchaCheck.class) {
            return com.leadpipe.captcha.CaptchaCheck.withoutSecret(log); // captcha tests pass their own
        }
        if (wanted == LeadpipeConfig.class) {
            return config();
        } else if (wanted == DynamoDbClient.class) {
            return AWS.dynamoDb();
        } else if (wanted == SesV2Client.class) {
            return AWS.sesV2();
        } else if (wanted == SqsClient.class) {
            return AWS.sqs();
        } else if (wanted == Supplier.class) {
            return (Supplier<SqsClient>) AWS::sqs; // the submit function builds its SQS client on first use
        } else if (wanted == CampaignCatalog.class) {
            return campaigns;
        } else if (wanted == Clock.class) {
            return clock;
        } else if (wanted == Log.class) {
            return log;
        }
        throw new IllegalArgumentException(forType.getSimpleName() + " needs a " + wanted.getSimpleName()
                + ": pass one to handler(...)");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logs.afterEach(context);
    }
}
