package com.leadpipe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadpipe.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * LocalStack in a Testcontainers-managed container: every service on one endpoint. Needs a Docker
 * engine. Ryuk removes the container should this JVM die before its shutdown hook runs.
 *
 * <p>SESv2 is a LocalStack Pro service: with {@code LOCALSTACK_AUTH_TOKEN} set the Pro image runs
 * (and activates with that token), without it the community image, where SESv2 calls fail. So
 * {@link #start()} checks SESv2 before handing the emulator out.
 */
public final class LocalStackEmulator implements Emulator {

    // Pinned: LocalStack's behaviour changes between releases and tests must not drift with it.
    // 4.4 predates the single-image consolidation: SESv2 is only in the Pro image, which needs a token.
    static final DockerImageName COMMUNITY_IMAGE = DockerImageName.parse("localstack/localstack:4.4");
    static final DockerImageName PRO_IMAGE = DockerImageName.parse("localstack/localstack-pro:4.4");
    static final String AUTH_TOKEN_ENV = "LOCALSTACK_AUTH_TOKEN";

    // Testcontainers tries several Docker locations with timeouts of its own; bound the wait so
    // a machine without Docker decides quickly.
    private static final Duration DOCKER_CHECK_TIMEOUT = Duration.ofSeconds(10);
    // LocalStack loads only the SERVICES listed (STRICT_SERVICE_LOADING defaults to on), so every
    // service AwsEmulators hands out an endpoint for is named here.
    private static final String[] SERVICES = {"dynamodb", "dynamodbstreams", "ses", "sesv2", "sqs", "sns", "scheduler", "events",
        "ssm", "secretsmanager"};

    private final LocalStackContainer container;
    private final URI endpoint;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
        this.endpoint = container.getEndpoint();
    }

    /** Whether Testcontainers finds a working Docker engine, decided within a few seconds. */
    public static boolean dockerAvailable() {
        FutureTask<Boolean> check = new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
        Thread thread = new Thread(check, "leadpipe-docker-check");
        thread.setDaemon(true); // an abandoned check must not keep the JVM alive
        thread.start();
        try {
            return check.get(DOCKER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static LocalStackEmulator start() {
        String token = System.getenv(AUTH_TOKEN_ENV);
        boolean hasToken = token != null && !token.isBlank();
        DockerImageName image = hasToken ? PRO_IMAGE : COMMUNITY_IMAGE;
        LocalStackContainer container = new LocalStackContainer(image)
                .withServices(Arrays.stream(SERVICES).map(EnabledService::named)
                        .toArray(EnabledService[]::new))
                // Tests need no usage analytics nor LocalStack's downloaded TLS certificate (plain HTTP).
                .withEnv("DISABLE_EVENTS", "1")
                .withEnv("SKIP_SSL_CERT_DOWNLOAD", "1");
        if (hasToken) {
            container.withEnv(AUTH_TOKEN_ENV, token.trim());
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new EmulatorUnavailableException("LocalStack (" + image + ") did not start: " + e.getMessage()
                    + ". Start a Docker engine that can pull or already has " + image
                    + (hasToken ? "" : ", and set " + AUTH_TOKEN_ENV + " for the Pro image (SESv2)")
                    + ".", e);
        }
        LocalStackEmulator emulator = new LocalStackEmulator(container);
        try {
            emulator.checkSesV2();
        } catch (RuntimeException e) {
            emulator.close();
            throw new EmulatorUnavailableException("LocalStack started but SESv2 does not answer (" + e.getMessage()
                    + "). SESv2 needs LocalStack Pro: set " + AUTH_TOKEN_ENV + (hasToken ? " to a valid token" : "") + ".", e);
        }
        return emulator;
    }

    @Override
    public String mode() {
        return AwsEmulators.MODE_LOCALSTACK;
    }

    @Override
    public URI endpoint(String service) {
        return endpoint;
    }

    @Override
    public List<SentEmail> sentEmails() {
        return parseSentEmails(Net.getJson(endpoint.resolve("/_aws/ses")));
    }

    @Override
    public void close() {
        container.stop();
    }

    /**
     * LocalStack's {@code GET /_aws/ses}: {@code {"messages": [{Id, Timestamp, Source, Destination:
     * {ToAddresses, CcAddresses, BccAddresses}, Subject, Body: {text_part, html_part}}]}} for
     * Simple sends, with {@code RawData} instead of Subject and Body for Raw sends.
     */
    static List<SentEmail> parseSentEmails(JsonNode response) {
        List<SentEmail> emails = new ArrayList<>();
        for (JsonNode m : response.path("messages")) {
            List<String> to = new ArrayList<>();
            for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                m.path("Destination").path(field).forEach(a -> to.add(a.asText()));
            }
            String subject = text(m.path("Subject"));
            String plain = text(m.path("Body").path("text_part"));
            String html = text(m.path("Body").path("html_part"));
            Map<String, String> headers = new LinkedHashMap<>();
            String from = text(m.path("Source"));
            if (m.hasNonNull("RawData")) {
                MimeMail raw = MimeMail.parse(m.path("RawData").asText());
                to.addAll(raw.to());
                subject = raw.subject();
                plain = raw.text();
                html = raw.html();
                headers.putAll(raw.headers());
                from = raw.from() != null ? raw.from() : from;
            }
            emails.add(new SentEmail(text(m.path("Id")), from, MimeMail.distinctBare(to), subject, plain, html,
                    headers, timestamp(text(m.path("Timestamp")))));
        }
        return emails;
    }

    private void checkSesV2() {
        try (SesV2Client ses = new AwsClients(AwsEmulators.REGION, AwsEmulators.CREDENTIALS,
                Map.of("sesv2", endpoint), AwsClients.Timeouts.EMULATOR).sesV2()) {
            ses.listEmailIdentities(r -> r.pageSize(1));
        }
    }

    /** LocalStack writes UTC without a zone ("2024-05-01T10:00:00"); newer code may add one. */
    static Instant timestamp(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unknown) {
                return null;
            }
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
