package com.leadpipe.aws;

import com.leadpipe.config.LeadpipeConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
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

    /**
     * @param endpoints explicit endpoint per service id ("dynamodb", "sesv2", "sqs"), for tests and
     *                  the local runner; empty in Lambda
     */
    public AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints) {
        this.region = region;
        this.credentials = credentials;
        this.endpoints = Map.copyOf(endpoints);
        // One HTTP client shared by all SDK clients of this container.
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
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
        return new AwsClients(Region.of(runtime.region()), credentials, Map.of());
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "dynamodb").build();
    }

    public SesV2Client sesV2() {
        return configure(SesV2Client.builder(), "sesv2").build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), "sqs").build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region).credentialsProvider(credentials);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        // No apiCallTimeout: it starts the SDK's timer thread and executor at cold start. The HTTP
        // client's connect and socket timeouts bound each attempt, and the Lambda timeout the call.
        URI endpoint = endpoints.get(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
