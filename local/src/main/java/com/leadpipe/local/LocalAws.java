package com.leadpipe.local;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.testing.EmulatorUnavailableException;
import com.leadpipe.testing.LocalStackEmulator;
import com.leadpipe.testing.MotoPython;
import com.leadpipe.testing.MotoServer;
import com.leadpipe.testing.SentEmail;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS services the functions use, on this machine: one moto server (a Python child process)
 * for DynamoDB, SES and SQS; without a Python that has moto but with Docker, LocalStack. Both
 * keep everything in memory: the runner saves its tables itself ({@link TableSnapshot}).
 *
 * <p>Launchers are the ones the integration tests use (shared's test jar), so local runs and tests
 * meet the same emulators.
 */
public final class LocalAws implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    /** moto's default account: ARNs built here match the ones moto gives out. */
    public static final String ACCOUNT_ID = "123456789012";

    private final String label;
    private final URI endpoint;
    private final Supplier<List<SentEmail>> sentEmails;
    private final AutoCloseable emulator;
    private final AwsClients clients;

    private LocalAws(String label, URI endpoint, Supplier<List<SentEmail>> sentEmails, AutoCloseable emulator) {
        this.label = label;
        this.endpoint = endpoint;
        this.sentEmails = sentEmails;
        this.emulator = emulator;
        this.clients = new AwsClients(REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Map.of("dynamodb", endpoint, "sesv2", endpoint, "sqs", endpoint, "dynamodbstreams", endpoint,
                        "eventbridge", endpoint), AwsClients.Timeouts.EMULATOR);
    }

    /**
     * Finds (or installs, saying so on {@code console}) a Python with moto and starts moto server;
     * falls back to LocalStack when that fails and Docker answers.
     *
     * @throws EmulatorUnavailableException saying exactly what to install
     */
    public static LocalAws start(MotoPython python, Consumer<String> console) {
        String problem;
        try {
            MotoPython.Found found = python.findOrInstall(console);
            MotoServer moto = MotoServer.start(found.python());
            return new LocalAws("moto server " + found.motoVersion(), moto.endpoint(), moto::sentEmails, moto);
        } catch (MotoPython.NoMoto e) {
            problem = e.instructions();
        } catch (EmulatorUnavailableException e) {
            problem = withoutTestHint(e.getMessage()) + ". Reinstall it: " + MotoPython.PIP_INSTALL + ".";
        }
        if (!LocalStackEmulator.dockerAvailable()) {
            throw new EmulatorUnavailableException(problem);
        }
        try {
            LocalStackEmulator localStack = LocalStackEmulator.start();
            return new LocalAws("LocalStack", localStack.endpoint("dynamodb"), localStack::sentEmails, localStack);
        } catch (EmulatorUnavailableException e) {
            throw new EmulatorUnavailableException(problem + " LocalStack did not start either ("
                    + withoutTestHint(e.getMessage()).lines().findFirst().orElse("") + ").", e);
        }
    }

    public AwsClients clients() {
        return clients;
    }

    /** "moto server 5.2.1" or "LocalStack". */
    public String label() {
        return label;
    }

    /** Where DynamoDB, SES and SQS answer. */
    public URI endpoint() {
        return endpoint;
    }

    /** Every email the SES emulator accepted since it started (moto keeps no send time). */
    public List<SentEmail> sentEmails() {
        return sentEmails.get();
    }

    /** An ARN in the local region and account, e.g. {@code arn("sqs", "retry")}. */
    public static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + REGION.id() + ":" + ACCOUNT_ID + ":" + resource;
    }

    /** Stops the emulator (moto's process ends with it). */
    @Override
    public void close() {
        try {
            emulator.close();
        } catch (Exception e) {
            System.err.println("[local] stopping " + label + " failed: " + e);
        }
    }

    /**
     * An emulator's failure without the install hint the launchers add for the test suite (it
     * names test settings); the runner gives its own.
     */
    private static String withoutTestHint(String message) {
        if (message == null) {
            return "unknown reason";
        }
        int hint = message.indexOf("Install moto's server");
        String text = (hint >= 0 ? message.substring(0, hint) : message).strip();
        return text.endsWith(".") || text.endsWith(":") ? text.substring(0, text.length() - 1) : text;
    }
}
