package com.leadpipe.functions.admin;

import com.leadpipe.config.LeadpipeConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The export bucket's clients, built like {@code AwsClients} builds the rest (only this function needs S3). */
final class ExportClients {

    private ExportClients() {
    }

    static S3Client s3(LeadpipeConfig.Runtime runtime) {
        return S3Client.builder().region(Region.of(runtime.region())).credentialsProvider(credentials(runtime))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(runtime.sdkTimeouts().attempt())
                        .apiCallTimeout(runtime.sdkTimeouts().call().multipliedBy(4)).build())
                .build();
    }

    static S3Presigner presigner(LeadpipeConfig.Runtime runtime) {
        return S3Presigner.builder().region(Region.of(runtime.region())).credentialsProvider(credentials(runtime)).build();
    }

    private static AwsCredentialsProvider credentials(LeadpipeConfig.Runtime runtime) {
        return runtime.containerCredentials() ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
    }
}
