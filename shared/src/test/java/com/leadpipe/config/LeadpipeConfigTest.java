package com.leadpipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.log.Log;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadpipeConfigTest {

    @Test
    void readsEverySettingOfEveryFunctionFromOneEnvironment() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("TABLE_NAME", "leads"), Map.entry("SENDER_ADDRESS", "hello@example.com"),
                Map.entry("SES_CONFIGURATION_SET", "mail"), Map.entry("PUBLIC_BASE_URL", "https://go.example.com/"),
                Map.entry("PENDING_TTL_DAYS", "3"), Map.entry("CONFIRMATION_CAP", "2"),
                Map.entry("MAIL_LEASE_SECONDS", "90"), Map.entry("ALLOWED_ORIGINS", "https://a.example, *,"),
                Map.entry("NURTURE_QUEUE_URL", "https://sqs/nurture"), Map.entry("NURTURE_MAX_PER_RUN", "50"),
                Map.entry("SES_MAX_SEND_RATE", "14"), Map.entry("SENDER_CONCURRENCY", "2"),
                Map.entry("LINK_BASE_URL", "https://go.example.com/"),
                Map.entry("BOUNCE_TOPIC_ARN", "arn:aws:sns:eu-west-1:1:feedback"),
                Map.entry("AWS_REGION", "eu-west-1"), Map.entry("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/c"),
                Map.entry("AWS_LAMBDA_LOG_LEVEL", "TRACE"), Map.entry("AWS_ATTEMPT_TIMEOUT_MS", "900"),
                Map.entry("AWS_CALL_TIMEOUT_MS", "1800"));

        LeadpipeConfig config = LeadpipeConfig.from(env);

        assertThat(config.tableName()).isEqualTo("leads");
        assertThat(config.configurationSet()).contains("mail");
        assertThat(config.publicBaseUrl()).contains(URI.create("https://go.example.com"));
        assertThat(config.pendingTtl()).isEqualTo(Duration.ofDays(3));
        assertThat(config.confirmationCap()).isEqualTo(2);
        assertThat(config.mailLease()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.allowedOrigins()).containsExactly("https://a.example");
        assertThat(config.nurture().queueUrl()).isEqualTo("https://sqs/nurture");
        assertThat(config.nurture().maxPerRun()).isEqualTo(50);
        assertThat(config.nurture().sendRatePerWorker()).isEqualTo(7.0);
        assertThat(config.nurture().linkBaseUrl()).isEqualTo("https://go.example.com");
        assertThat(config.bounceTopicArn()).contains("arn:aws:sns:eu-west-1:1:feedback");
        assertThat(config.runtime()).isEqualTo(new LeadpipeConfig.Runtime("eu-west-1", true, Log.Level.TRACE,
                new AwsClients.Timeouts(Duration.ofMillis(900), Duration.ofMillis(1800))));
    }

    @Test
    void optionalSettingsFallBackToDefaults() {
        LeadpipeConfig config = LeadpipeConfig.from(Map.of("TABLE_NAME", "leads", "SENDER_ADDRESS", "hello@example.com",
                "AWS_DEFAULT_REGION", "us-west-2"));

        assertThat(config.pendingTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.confirmationCap()).isEqualTo(3);
        assertThat(config.mailLease()).isEqualTo(LeadpipeConfig.DEFAULT_MAIL_LEASE);
        assertThat(config.bounceTopicArn()).isEqualTo(Optional.empty());
        assertThat(config.allowedOrigins()).isEqualTo(List.of());
        assertThat(config.runtime()).isEqualTo(new LeadpipeConfig.Runtime("us-west-2", false, Log.Level.INFO,
                AwsClients.Timeouts.DEFAULT));
    }

    @Test
    void unusableSettingsStopTheFunctionAtInitWithTheVariableNamed() {
        assertThatThrownBy(() -> LeadpipeConfig.from(Map.of("SENDER_ADDRESS", "hello@example.com")))
                .hasMessageContaining("TABLE_NAME");
        assertThatThrownBy(() -> LeadpipeConfig.from(Map.of("TABLE_NAME", "t", "SENDER_ADDRESS", "hello@example.com",
                "CONFIRMATION_CAP", "three"))).hasMessageContaining("CONFIRMATION_CAP");
        assertThatThrownBy(() -> LeadpipeConfig.from(Map.of("TABLE_NAME", "t", "SENDER_ADDRESS", "hello@example.com",
                "PUBLIC_BASE_URL", "ftp://x"))).hasMessageContaining("PUBLIC_BASE_URL");
    }
}
