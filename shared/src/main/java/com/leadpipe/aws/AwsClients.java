package com.leadpipe.aws;

import com.leadpipe.config.LeadpipeConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SDK clients tuned for Lambda cold start: URLConnection HTTP client (no netty, no Apache),
 * explicit region and credentials provider, so the SDK does no discovery work at init.
 *
 * <p>Endpoints: an explicit override wins; otherwise the SDK's own settings apply
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SESV2},
 * {@code AWS_ENDPOINT_URL_SQS}), so any emulator can be pointed at without code changes.
 */
public final class AwsClients {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final Map<String, URI> endpoints;
    private final Timeouts timeouts;

    /**
     * How long one SDK call may take, so an answer is bounded however a dependency stalls: HTTP
     * routes answer within 3 s (a few calls), well inside the functions' 15 s Timeout. SendEmail
     * gets one attempt only: SES has no idempotency key, so a retry after a read timeout may send
     * a mail SES already accepted.
     *
     * @param attempt one HTTP attempt (connect, send, read)
     * @param call    all attempts of one call, retries and backoff included
     */
    public record Timeouts(Duration attempt, Duration call) {
        /** Lambda: an HTTP route's few calls answer within 3 s even when one of them hits the limit. */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofMillis(1500), Duration.ofMillis(2500));
        /** Emulators on a busy laptop or CI box (moto creates a table in seconds): bounded, not tight. */
        public static final Timeouts EMULATOR = new Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(40));

        /** {@code AWS_ATTEMPT_TIMEOUT_MS}, {@code AWS_CALL_TIMEOUT_MS}; the defaults where unset. */
        public static Timeouts from(Map<String, String> env) {
            return new Timeouts(millis(env, "AWS_ATTEMPT_TIMEOUT_MS", DEFAULT.attempt()),
                    millis(env, "AWS_CALL_TIMEOUT_MS", DEFAULT.call()));
        }

        private static Duration millis(Map<String, String> env, String name, Duration fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : Duration.ofMillis(Long.parseLong(value.trim()));
        }
    }

    /**
     * @param endpoints explicit endpoint per service id ("dynamodb", "sesv2", "sqs"), for tests and
     *                  the local runner; empty in Lambda
     */
    public AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints) {
        this(region, credentials, endpoints, Timeouts.DEFAULT);
    }

    public AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints,
                      Timeouts timeouts) {
        // One HTTP client shared by all SDK clients of this container; the SDK's timeouts bound it.
        this(region, credentials, endpoints, timeouts, UrlConnectionHttpClient.builder()
                .connectionTimeout(timeouts.attempt())
                .socketTimeout(timeouts.attempt())
                .build());
    }

    private AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints,
                       Timeouts timeouts, SdkHttpClient http) {
        this.region = region;
        this.credentials = credentials;
        this.endpoints = Map.copyOf(endpoints);
        this.timeouts = timeouts;
        this.http = http;
    }

    /**
     * Clients configured as {@link #from} configures them, on {@code http} instead of the network,
     * with placeholder keys (signing runs, nothing is sent) and the emulator timeouts: SnapStart priming runs the real
     * flows on {@code com.leadpipe.priming.OfflineAws} this way.
     */
    public static AwsClients offline(LeadpipeConfig.Runtime runtime, SdkHttpClient http) {
        return new AwsClients(Region.of(runtime.region() == null ? "us-east-1" : runtime.region()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")), Map.of(),
                // Nothing waits on a network here, but the first call loads the SDK's request path,
                // which on a busy machine took longer than the production 2.5 s (RehearsalTest).
                Timeouts.EMULATOR, http);
    }

    /** The Lambda environment, as {@link LeadpipeConfig} read it: region, credentials from the runtime. */
    public static AwsClients from(LeadpipeConfig.Runtime runtime) {
        if (runtime.region() == null) {
            throw new IllegalStateException("AWS_REGION is not set");
        }
        // SnapStart functions get container credentials instead of key variables.
        AwsCredentialsProvider credentials = runtime.containerCredentials()
                ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
        return new AwsClients(Region.of(runtime.region()), credentials, Map.of(), runtime.sdkTimeouts());
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "dynamodb").build();
    }

    public SesV2Client sesV2() {
        // One attempt: never a second SendEmail for a mail SES may have accepted (see Timeouts).
        return configure(SesV2Client.builder(), "sesv2")
                .overrideConfiguration(timeouts(ClientOverrideConfiguration.builder())
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), "sqs").build();
    }

    /**
     * Any other service's client builder set up as the ones above (region, credentials, the shared
     * HTTP client, timeouts, the explicit endpoint for {@code service} if any), for a function
     * module that alone depends on that service's SDK (EventBridge: the lead-events function).
     */
    public <B extends AwsClientBuilder<B, ?>> B configured(B builder, String service) {
        return configure(builder, service);
    }

    private ClientOverrideConfiguration.Builder timeouts(ClientOverrideConfiguration.Builder override) {
        return override.apiCallAttemptTimeout(timeouts.attempt()).apiCallTimeout(timeouts.call());
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region).credentialsProvider(credentials);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        // Call and attempt timeouts start the SDK's timer thread at cold start (LESSONS.md): the
        // price of answers that stay bounded when a dependency hangs.
        builder.overrideConfiguration(timeouts(ClientOverrideConfiguration.builder()).build());
        URI endpoint = endpoints.get(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
