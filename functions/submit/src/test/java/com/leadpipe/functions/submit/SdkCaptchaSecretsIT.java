package com.leadpipe.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.captcha.CaptchaSecret;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The captcha secret read with the real SDK clients from moto's SSM and Secrets Manager, by each kind of name. */
class SdkCaptchaSecretsIT {

    final SdkCaptchaSecrets reader = new SdkCaptchaSecrets(CaptchaIT.aws());

    String secret(String name) {
        return new CaptchaSecret(Optional.of(name), reader).get();
    }

    @Test
    void anSsmSecureStringByNameAndByArnIsDecrypted() {
        // GIVEN a SecureString parameter
        String name = "/leadpipe-it/captcha-" + UUID.randomUUID();
        String arn;
        try (SsmClient ssm = CaptchaIT.aws().configured(SsmClient.builder(), "ssm").build()) {
            ssm.putParameter(p -> p.name(name).type(ParameterType.SECURE_STRING).value("ssm-secret-1"));
            arn = ssm.getParameter(g -> g.name(name)).parameter().arn();
        }

        // THEN it is read, decrypted, by its name and by its ARN
        assertThat(arn).startsWith("arn:aws:ssm:");
        assertThat(secret(name)).isEqualTo("ssm-secret-1");
        assertThat(secret(arn)).isEqualTo("ssm-secret-1");
    }

    @Test
    void aSecretsManagerSecretIsReadByItsArn() {
        String arn;
        try (SecretsManagerClient secrets = CaptchaIT.aws().configured(SecretsManagerClient.builder(), "secretsmanager")
                .build()) {
            arn = secrets.createSecret(c -> c.name("leadpipe-it-captcha-" + UUID.randomUUID())
                    .secretString("sm-secret-2")).arn();
        }

        assertThat(CaptchaSecret.store(arn)).isEqualTo(CaptchaSecret.Store.SECRETS_MANAGER);
        assertThat(secret(arn)).isEqualTo("sm-secret-2");
    }

    @Test
    void aMissingParameterIsUnavailableNamingItButNoValue() {
        String name = "/leadpipe-it/absent-" + UUID.randomUUID();

        assertThatThrownBy(() -> secret(name)).isInstanceOf(CaptchaSecret.Unavailable.class)
                .hasMessageContaining(name).hasMessageContaining("ParameterNotFoundException");
    }
}
