package com.leadpipe.testing;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.store.LeadpipeTable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS endpoints integration tests talk to: one set per test JVM, started on first use and
 * stopped by a shutdown hook, so every test class in a run shares it. Tests isolate themselves
 * by name instead: a table per class ({@link #createTable()}), unique queue names and unique
 * email addresses.
 *
 * <p>Which emulators, from {@code LEADPIPE_EMULATORS} (system property, else environment):
 * <ul>
 *   <li>{@code local}: moto server (Python) as a child process, for every service, DynamoDB too.</li>
 *   <li>{@code localstack}: LocalStack in Docker via Testcontainers.</li>
 *   <li>{@code auto} (default): LocalStack when Testcontainers finds a Docker engine and LocalStack
 *       comes up with SESv2, else {@code local}.</li>
 * </ul>
 * When none can start, {@link #get()} throws {@link EmulatorUnavailableException} saying what to
 * install; tests fail rather than skip.
 */
public final class AwsEmulators {

    public static final String MODE_PROPERTY = "LEADPIPE_EMULATORS";
    public static final String MODE_AUTO = "auto";
    public static final String MODE_LOCAL = "local";
    public static final String MODE_LOCALSTACK = "localstack";

    /** Service ids {@link #endpoint(String)} knows, as the SDK names them. */
    public static final Set<String> SERVICES = Set.of("dynamodb", "dynamodbstreams", "sesv2", "ses", "sqs", "sns", "scheduler", "events",
            "ssm", "secretsmanager");

    public static final Region REGION = Region.US_EAST_1;
    /** Emulators accept any key; fixed ones keep the SDK from searching for real credentials. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private static AwsEmulators instance;
    private static RuntimeException startFailure;

    private final Emulator emulator;
    private final Duration startupTime;
    private final AwsClients clients;
    private final DynamoDbClient dynamoDb;
    private final SesV2Client sesV2;
    private final SqsClient sqs;
    /** Ids hidden by {@link #clearSentEmails()}: neither emulator can drop only its emails. */
    private final Set<String> clearedEmailIds = ConcurrentHashMap.newKeySet();

    private AwsEmulators(Emulator emulator, Duration startupTime) {
        this.emulator = emulator;
        this.startupTime = startupTime;
        this.clients = new AwsClients(REGION, CREDENTIALS, Map.of(
                "dynamodb", emulator.endpoint("dynamodb"),
                "sesv2", emulator.endpoint("sesv2"),
                "sqs", emulator.endpoint("sqs"),
                "dynamodbstreams", emulator.endpoint("dynamodbstreams"),
                "eventbridge", emulator.endpoint("events")), AwsClients.Timeouts.EMULATOR);
        this.dynamoDb = clients.dynamoDb();
        this.sesV2 = clients.sesV2();
        this.sqs = clients.sqs();
    }

    /**
     * The emulators of this JVM, started on the first call (a few seconds) and stopped at JVM exit.
     * A failed start is remembered: later calls fail at once with the same reason.
     */
    public static synchronized AwsEmulators get() {
        if (instance != null) {
            return instance;
        }
        if (startFailure != null) {
            throw new EmulatorUnavailableException(startFailure.getMessage(), startFailure);
        }
        String mode = configuredMode();
        long started = System.nanoTime();
        try {
            Emulator emulator = start(mode);
            instance = new AwsEmulators(emulator, Duration.ofNanos(System.nanoTime() - started));
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "leadpipe-emulators-stop"));
            System.err.printf("[leadpipe] AWS emulators: %s (%s requested), up in %d ms%n",
                    emulator.mode(), mode, instance.startupTime.toMillis());
            return instance;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /** "local" or "localstack": the emulators actually running. */
    public String mode() {
        return emulator.mode();
    }

    /** How long starting the emulators took (including the Docker check in auto mode). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Endpoint for an SDK service id: dynamodb, dynamodbstreams, sesv2, ses, sqs, sns, scheduler, events, ssm or secretsmanager. */
    public URI endpoint(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("No emulated service '" + service + "'; known: " + SERVICES);
        }
        return emulator.endpoint(service);
    }

    /** The production client factory pointed at the emulators: us-east-1, credentials test/test. */
    public AwsClients clients() {
        return clients;
    }

    /** Shared by all tests of the JVM: do not close it. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** Shared by all tests of the JVM: do not close it. */
    public SesV2Client sesV2() {
        return sesV2;
    }

    /** Shared by all tests of the JVM: do not close it. */
    public SqsClient sqs() {
        return sqs;
    }

    /**
     * A new, empty Leadpipe table with a unique name, as {@link LeadpipeTable#createTableRequest}
     * declares it, TTL on {@code expiresAt} where the emulator supports it. Returns its name.
     */
    public String createTable() {
        return createTable(true);
    }

    /**
     * As {@link #createTable()}; without its change stream when {@code withStream} is false, for
     * benchmarks that run no stream consumer: moto keeps every stream record of a table and copies
     * them all in each transaction, so a stream makes its transactions slower with every write.
     */
    public String createTable(boolean withStream) {
        String name = "leadpipe-" + uniqueSuffix();
        CreateTableRequest request = LeadpipeTable.createTableRequest(name);
        dynamoDb.createTable(withStream ? request : request.toBuilder().streamSpecification((StreamSpecification) null).build());
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamoDb).build()) {
            waiter.waitUntilTableExists(r -> r.tableName(name));
        }
        try {
            dynamoDb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                    ttl -> ttl.attributeName(LeadpipeTable.EXPIRES_AT).enabled(true)));
        } catch (DynamoDbException unsupported) {
            // TTL only matters for expiry sweeps, which no emulator runs on a test's time scale;
            // readers check expiresAt themselves, so tests do not depend on it.
        }
        return name;
    }

    /** Lets SES send from {@code address} (identity created and, in emulators, verified at once). */
    public void verifySender(String address) {
        try {
            sesV2.createEmailIdentity(r -> r.emailIdentity(address));
        } catch (AlreadyExistsException alreadyVerified) {
            // the goal is reached either way
        }
    }

    /** Deletes the identity: sends from it are then rejected (MessageRejected), for failure tests. */
    public void unverifySender(String address) {
        try {
            sesV2.deleteEmailIdentity(r -> r.emailIdentity(address));
        } catch (NotFoundException neverVerified) {
            // the goal is reached either way
        }
    }

    /** A new SQS queue named {@code namePrefix-<unique>}; returns its URL. */
    public String createQueue(String namePrefix) {
        String prefix = namePrefix.replaceAll("[^A-Za-z0-9_-]", "-");
        String name = (prefix.length() > 60 ? prefix.substring(0, 60) : prefix) + "-" + uniqueSuffix();
        return sqs.createQueue(r -> r.queueName(name)).queueUrl();
    }

    /**
     * Every email the emulated SES accepted in this JVM and not cleared, oldest first. With moto,
     * "oldest first" holds within Simple sends and within Raw sends; Simple ones come first, as moto
     * keeps the two apart with no send time. See {@link SentEmail} for what each emulator keeps.
     */
    public List<SentEmail> sentEmails() {
        List<SentEmail> visible = new ArrayList<>();
        for (SentEmail email : emulator.sentEmails()) {
            if (!clearedEmailIds.contains(email.messageId())) {
                visible.add(email);
            }
        }
        return visible;
    }

    /** The sent emails with {@code address} among their To, Cc or Bcc recipients (any case). */
    public List<SentEmail> sentEmailsTo(String address) {
        return sentEmails().stream().filter(e -> e.isAddressedTo(address)).toList();
    }

    /**
     * Hides every email sent so far from {@link #sentEmails()} for the rest of this JVM. It does not
     * touch the emulator (moto can only reset every service at once), so other clients still see
     * them. Prefer unique recipient addresses with {@link #sentEmailsTo(String)}: it needs no
     * clearing and keeps test classes independent.
     */
    public void clearSentEmails() {
        for (SentEmail email : emulator.sentEmails()) {
            clearedEmailIds.add(email.messageId());
        }
    }

    private void shutdown() {
        try {
            emulator.close();
        } catch (RuntimeException e) {
            System.err.println("[leadpipe] stopping AWS emulators failed: " + e);
        }
    }

    static String configuredMode() {
        String value = System.getProperty(MODE_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(MODE_PROPERTY);
        }
        String mode = value == null || value.isBlank() ? MODE_AUTO : value.trim().toLowerCase(Locale.ROOT);
        if (!Set.of(MODE_AUTO, MODE_LOCAL, MODE_LOCALSTACK).contains(mode)) {
            throw new IllegalArgumentException(MODE_PROPERTY + "=" + value
                    + " is not one of: auto, local, localstack");
        }
        return mode;
    }

    private static Emulator start(String mode) {
        return switch (mode) {
            case MODE_LOCAL -> LocalEmulator.start();
            case MODE_LOCALSTACK -> {
                if (!LocalStackEmulator.dockerAvailable()) {
                    throw new EmulatorUnavailableException(MODE_PROPERTY + "=localstack but Testcontainers "
                            + "finds no Docker engine: start one (or set DOCKER_HOST), or use "
                            + MODE_PROPERTY + "=local with moto installed (" + MotoPython.PIP_INSTALL + ").");
                }
                yield LocalStackEmulator.start();
            }
            default -> startAuto();
        };
    }

    private static Emulator startAuto() {
        List<String> reasons = new ArrayList<>();
        if (LocalStackEmulator.dockerAvailable()) {
            try {
                return LocalStackEmulator.start();
            } catch (EmulatorUnavailableException e) {
                reasons.add("LocalStack: " + e.getMessage());
                System.err.println("[leadpipe] LocalStack unusable, trying local emulators: " + e.getMessage());
            }
        } else {
            reasons.add("LocalStack: Testcontainers finds no Docker engine.");
        }
        try {
            return LocalEmulator.start();
        } catch (EmulatorUnavailableException e) {
            reasons.add("local (moto server): " + e.getMessage());
        }
        throw new EmulatorUnavailableException("No AWS emulator could start for the integration tests.\n - "
                + String.join("\n - ", reasons)
                + "\nInstall one of: moto's server for Python 3 (" + MotoPython.PIP_INSTALL + "; "
                + LocalEmulator.PYTHON_ENV + " picks the interpreter), or a running Docker engine for "
                + "LocalStack (with " + LocalStackEmulator.AUTH_TOKEN_ENV + " set for SESv2).");
    }

    private static String uniqueSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
