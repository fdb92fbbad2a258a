package com.leadpipe.functions.submit;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.captcha.CaptchaSecret;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reads the captcha secret with the SDK: SSM GetParameter (decrypted: a SecureString) or Secrets
 * Manager GetSecretValue (its SecretString). The client is built on the one read a container
 * makes (CaptchaSecret keeps the value), configured like every other client (region, credentials,
 * the shared URLConnection HTTP client, call and attempt timeouts), and closed after it; closing
 * leaves the shared HTTP client open, as the SDK never closes one it was given.
 */
final class SdkCaptchaSecrets implements CaptchaSecret.Reader {

    private final AwsClients aws;

    SdkCaptchaSecrets(AwsClients aws) {
        this.aws = aws;
    }

    @Override
    public String read(CaptchaSecret.Store store, String name) {
        return switch (store) {
            case SSM_PARAMETER -> {
                try (SsmClient ssm = aws.configured(SsmClient.builder(), "ssm").build()) {
                    yield ssm.getParameter(r -> r.name(name).withDecryption(true)).parameter().value();
                }
            }
            case SECRETS_MANAGER -> {
                try (SecretsManagerClient secrets = aws.configured(SecretsManagerClient.builder(), "secretsmanager")
                        .build()) {
                    yield secrets.getSecretValue(r -> r.secretId(name)).secretString();
                }
            }
        };
    }
}
