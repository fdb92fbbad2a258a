package com.leadpipe.local;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.testing.DynamoDbLocalServer;
import com.leadpipe.testing.EmulatorUnavailableException;
import com.leadpipe.testing.LocalStackEmulator;
import com.leadpipe.testing.MotoServer;
import com.leadpipe.testing.SentEmail;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS services the functions use, on this machine: DynamoDB Local in this JVM (persistent in a
 * folder, or in memory), and for SES and SQS moto server (a Python child process) or, without moto
 * but with Docker, LocalStack. With neither, it still starts: mail and queue calls then fail fast
 * (a closed port), which the functions handle as an SES outage: the signup stays pending.
 *
 * <p>Launchers are the ones the integration tests use (shared's test jar), so local runs and tests
 * meet the same emulators.
 */
public final class LocalAws implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    /** moto's default account: ARNs built here match the ones moto gives out. */
    public static final String ACCOUNT_ID = "123456789012";
    /** Connection refused at once: what SES and SQS calls reach when no emulator runs. */
    private static final URI NOWHERE = URI.create("http://127.0.0.1:1");

    /** What answers SES and SQS calls. */
    public enum MailService {
        MOTO("moto server"), LOCALSTACK("LocalStack"), NONE("none");

        private final String label;

        MailService(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final DynamoDbLocalServer dynamoDb;
    private final MailService mailService;
    private final URI mailEndpoint;
    private final Supplier<List<SentEmail>> sentEmails;
    private final AutoCloseable mailEmulator;
    private final String mailProblem;
    private final AwsClients clients;

    private LocalAws(DynamoDbLocalServer dynamoDb, MailService mailService, URI mailEndpoint,
                     Supplier<List<SentEmail>> sentEmails, AutoCloseable mailEmulator, String mailProblem) {
        this.dynamoDb = dynamoDb;
        this.mailService = mailService;
        this.mailEndpoint = mailEndpoint;
        this.sentEmails = sentEmails;
        this.mailEmulator = mailEmulator;
        this.mailProblem = mailProblem;
        this.clients = new AwsClients(REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Map.of("dynamodb", dynamoDb.endpoint(), "sesv2", mailEndpoint, "sqs", mailEndpoint));
    }

    /**
     * Starts DynamoDB Local and the mail/queue emulator side by side (moto boots in its own
     * process while DynamoDB Local loads here).
     *
     * @param dynamoDbData folder for the tables, or empty for in-memory tables
     * @param python       the Python that runs moto
     */
    public static LocalAws start(Optional<Path> dynamoDbData, String python) {
        CompletableFuture<MotoServer> moto = CompletableFuture.supplyAsync(() -> MotoServer.start(python));
        DynamoDbLocalServer dynamoDb;
        try {
            dynamoDb = quietly(() -> dynamoDbData.map(DynamoDbLocalServer::start).orElseGet(DynamoDbLocalServer::start));
        } catch (RuntimeException e) {
            moto.thenAccept(MotoServer::close);
            throw e;
        }
        try {
            MotoServer server = moto.join();
            return new LocalAws(dynamoDb, MailService.MOTO, server.endpoint(), server::sentEmails, server, null);
        } catch (CompletionException e) {
            String motoProblem = e.getCause() instanceof EmulatorUnavailableException u ? firstLine(u.getMessage())
                    : String.valueOf(e.getCause());
            return withoutMoto(dynamoDb, motoProblem);
        }
    }

    private static LocalAws withoutMoto(DynamoDbLocalServer dynamoDb, String motoProblem) {
        String problem = "moto server did not start (" + motoProblem + ").";
        if (LocalStackEmulator.dockerAvailable()) {
            try {
                LocalStackEmulator localStack = LocalStackEmulator.start();
                return new LocalAws(dynamoDb, MailService.LOCALSTACK, localStack.endpoint("sesv2"),
                        localStack::sentEmails, localStack, null);
            } catch (EmulatorUnavailableException e) {
                problem += " LocalStack did not start either (" + firstLine(e.getMessage()) + ").";
            }
        }
        return new LocalAws(dynamoDb, MailService.NONE, NOWHERE, List::of, () -> { }, problem);
    }

    public AwsClients clients() {
        return clients;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public MailService mailService() {
        return mailService;
    }

    public boolean hasMail() {
        return mailService != MailService.NONE;
    }

    /** Where SES and SQS answer; meaningless when {@link #hasMail()} is false. */
    public URI mailEndpoint() {
        return mailEndpoint;
    }

    /** Why there is no mail emulator, for the startup message; null when there is one. */
    public String mailProblem() {
        return mailProblem;
    }

    /** Every email the SES emulator accepted since it started (moto keeps no send time). */
    public List<SentEmail> sentEmails() {
        return sentEmails.get();
    }

    /** An ARN in the local region and account, e.g. {@code arn("sqs", "retry")}. */
    public static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + REGION.id() + ":" + ACCOUNT_ID + ":" + resource;
    }

    /** Stops the mail emulator (moto's process ends with it) and DynamoDB Local. */
    @Override
    public void close() {
        try {
            mailEmulator.close();
        } catch (Exception e) {
            System.err.println("[local] stopping " + mailService.label() + " failed: " + e);
        } finally {
            dynamoDb.close();
        }
    }

    /**
     * Runs {@code start} with stdout muted: DynamoDB Local prints its configuration there, which
     * would bury the runner's own startup lines. Nothing else writes to stdout while it starts.
     */
    private static <T> T quietly(Supplier<T> start) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return start.get();
        } finally {
            System.setOut(stdout);
        }
    }

    /**
     * The first line of an emulator's failure, without the install hint the launchers add for the
     * test suite (it names test settings); the runner prints its own.
     */
    private static String firstLine(String message) {
        if (message == null) {
            return "unknown reason";
        }
        String line = message.strip().lines().findFirst().orElse("");
        int hint = line.indexOf(" Install moto");
        line = (hint > 0 ? line.substring(0, hint) : line).strip();
        return line.endsWith(".") || line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
    }
}
