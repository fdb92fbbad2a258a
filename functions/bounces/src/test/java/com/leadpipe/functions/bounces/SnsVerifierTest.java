package com.leadpipe.functions.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real signature check, against a throwaway key and certificate standing in for SNS's. */
class SnsVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:16:30Z");

    final MutableClock clock = new MutableClock(NOW);
    final TestSns sns = new TestSns(NOW);
    final SnsVerifier verifier = new SnsVerifier(TestSns.TOPIC, sns, clock);
    final String bounce = TestSns.fixtureMessage("ses-bounce-permanent.json").message();

    SnsMessage signed() {
        return sns.notification("a4b2c1d0-7e6f-5a4b-9c8d-1e2f3a4b5c6d", bounce, NOW.minusSeconds(3));
    }

    static SnsMessage with(SnsMessage m, String field, String value) {
        return new SnsMessage(
                field.equals("Type") ? value : m.type(),
                field.equals("MessageId") ? value : m.messageId(),
                field.equals("TopicArn") ? value : m.topicArn(),
                field.equals("Subject") ? value : m.subject(),
                field.equals("Message") ? value : m.message(),
                field.equals("Timestamp") ? value : m.timestamp(),
                field.equals("SignatureVersion") ? value : m.signatureVersion(),
                field.equals("Signature") ? value : m.signature(),
                field.equals("SigningCertUrl") ? value : m.signingCertUrl());
    }

    String reason(SnsMessage m) {
        try {
            verifier.verify(m);
            return "accepted";
        } catch (RejectedMessage e) {
            return e.reason();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void acceptsACorrectlySignedNotificationOfEitherSignatureVersion(String version) {
        SnsMessage message = sns.sign(signed(), version);

        assertThatCode(() -> verifier.verify(message)).doesNotThrowAnyException();
        assertThat(sns.fetched).extracting(Object::toString).containsExactly(TestSns.CERT_URL);
    }

    @Test
    void acceptsASignedSubject() {
        SnsMessage withSubject = sns.sign(with(signed(), "Subject", "Amazon SES Email Event Notification"), "2");

        assertThat(reason(withSubject)).isEqualTo("accepted");
        // Subject is part of the signed text: dropping it breaks the signature.
        assertThat(reason(with(withSubject, "Subject", null))).isEqualTo("signature");
    }

    @Test
    void rejectsATamperedMessage() {
        SnsMessage tampered = with(signed(), "Message", bounce.replace("ada@example.com", "victim@example.com"));

        assertThat(reason(tampered)).isEqualTo("signature");
    }

    @Test
    void rejectsTamperedSignedFields() {
        assertThat(reason(with(signed(), "MessageId", "00000000-0000-0000-0000-000000000000"))).isEqualTo("signature");
        assertThat(reason(with(signed(), "Timestamp", NOW.minusSeconds(2).toString()))).isEqualTo("signature");
        assertThat(reason(with(signed(), "Signature", "bm90IGEgc2lnbmF0dXJl"))).isEqualTo("signature");
        assertThat(reason(with(signed(), "Signature", "%%% not base64 %%%"))).isEqualTo("signature");
    }

    @Test
    void rejectsAnotherTopicEvenWhenProperlySigned() {
        SnsMessage otherTopic = sns.sign(with(signed(), "TopicArn",
                "arn:aws:sns:eu-west-1:123456789012:someone-elses-topic"), "2");

        assertThat(reason(otherTopic)).isEqualTo("topic");
        assertThat(sns.fetched).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://sns.eu-west-1.amazonaws.com.evil.example/x.pem",
            "http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem",
            "https://sns.eu-west-1.amazonaws.com@evil.example/x.pem",
            "https://evil.example/sns.eu-west-1.amazonaws.com/x.pem",
            "https://sns.eu-west-1.amazonaws.com:8443/x.pem",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem",
            "https://sns.eu-west-1.amazonaws.com/x.pem?v=1",
            "https://sns.eu-west-1.amazonaws.com/x.pem#frag",
            "https://sns.eu-west-1.amazonaws.com/x.txt",
            "https://sns.eu-west-1.amazonaws.com/../x.pem",
            "https://SNS.eu-west-1.amazonaws.com/x.pem",
            "https://sns.eu-west-1.amazonaws.com./x.pem",
            "https://s3.eu-west-1.amazonaws.com/x.pem",
            "not a url at all",
            ""})
    void rejectsACertificateUrlOffTheRegionalSnsHostWithoutFetchingIt(String url) {
        SnsMessage message = sns.sign(with(signed(), "SigningCertUrl", url), "2");

        assertThat(reason(message)).isEqualTo("certificate_url");
        assertThat(sns.fetched).isEmpty();
    }

    @Test
    void rejectsAMissingCertificateUrl() {
        assertThat(reason(with(signed(), "SigningCertUrl", null))).isEqualTo("certificate_url");
    }

    @Test
    void rejectsStaleAndFutureTimestamps() {
        SnsMessage message = signed();
        clock.advance(SnsVerifier.MAX_AGE.plusSeconds(5));
        assertThat(reason(message)).isEqualTo("stale");

        clock.advance(Duration.ofHours(-2));
        assertThat(reason(message)).isEqualTo("timestamp");
        assertThat(reason(sns.sign(with(message, "Timestamp", "yesterday"), "2"))).isEqualTo("timestamp");
        assertThat(sns.fetched).isEmpty();
    }

    @Test
    void acceptsAMessageJustInsideTheAgeLimit() {
        SnsMessage message = signed();
        clock.advance(SnsVerifier.MAX_AGE.minusSeconds(10));

        assertThat(reason(message)).isEqualTo("accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3", "", "SHA256"})
    void rejectsUnknownSignatureVersions(String version) {
        assertThat(reason(with(signed(), "SignatureVersion", version))).isEqualTo("signature_version");
    }

    @Test
    void rejectsOtherMessageTypes() {
        assertThat(reason(sns.sign(with(signed(), "Type", "SubscriptionConfirmation"), "2"))).isEqualTo("type");
    }

    @Test
    void rejectsACertificateThatExpired() {
        TestSns old = new TestSns(NOW.minus(Duration.ofDays(400)));
        SnsVerifier withOldCertificate = new SnsVerifier(TestSns.TOPIC, old, clock);

        assertThatThrownBy(() -> withOldCertificate.verify(old.sign(signed(), "2")))
                .isInstanceOfSatisfying(RejectedMessage.class, e ->
                        assertThat(e.reason()).isEqualTo("certificate_expired"));
    }

    @Test
    void rejectsAMessageWhoseCertificateFailedTheChainCheckAndSaysWhy() {
        SnsVerifier untrusting = new SnsVerifier(TestSns.TOPIC, url -> {
            throw new SigningCertificateCheck.Untrusted("certificate does not chain to a trusted root", null);
        }, clock);

        assertThatThrownBy(() -> untrusting.verify(signed()))
                .isInstanceOfSatisfying(RejectedMessage.class, e -> {
                    assertThat(e.reason()).isEqualTo("certificate_untrusted");
                    assertThat(e.detail()).isEqualTo("certificate does not chain to a trusted root");
                });
    }

    @Test
    void acceptsANotificationSignedUnderAChainedSnsCertificateThroughTheRealCertificateCheck() {
        // GIVEN a verifier whose certificates pass the real chain check (the throwaway root trusted)
        SnsVerifier checking = new SnsVerifier(TestSns.TOPIC, sns.checked(clock), clock);

        // WHEN a notification signed with the SNS-shaped leaf arrives THEN it is accepted
        assertThatCode(() -> checking.verify(signed())).doesNotThrowAnyException();
        assertThat(sns.issuersFetched).as("the leaf came alone: its issuer from AIA")
                .extracting(Object::toString).containsExactly(TestSns.ISSUER_URL);
    }

    @Test
    void rejectsANotificationSignedUnderACertificateNotIssuedToSns() {
        // GIVEN a correctly chained leaf issued to a name SNS does not sign under
        TestSns impostor = new TestSns(NOW, "sns.evil.com");
        SnsVerifier checking = new SnsVerifier(TestSns.TOPIC, impostor.checked(clock), clock);
        SnsMessage message = impostor.notification("a4b2c1d0-7e6f-5a4b-9c8d-1e2f3a4b5c6d", bounce, NOW.minusSeconds(3));

        // WHEN it is verified THEN it is rejected for its certificate, saying why
        assertThatThrownBy(() -> checking.verify(message))
                .isInstanceOfSatisfying(RejectedMessage.class, e -> {
                    assertThat(e.reason()).isEqualTo("certificate_untrusted");
                    assertThat(e.detail()).contains("not issued to");
                });
    }

    @Test
    void rejectsASignatureByAnotherKey() {
        SnsMessage signedByAnother = new TestSns(NOW).sign(signed(), "2");

        assertThat(reason(signedByAnother)).isEqualTo("signature");
    }

    @Test
    void aMisconfiguredTopicArnFailsAtStartup() {
        assertThatThrownBy(() -> new SnsVerifier("leadpipe-dev-feedback", sns, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOUNCE_TOPIC_ARN");
    }

    @Test
    void chinaRegionsUseTheirOwnSnsHost() throws RejectedMessage {
        SnsVerifier china = new SnsVerifier("arn:aws-cn:sns:cn-north-1:123456789012:leadpipe-dev-feedback", sns, clock);

        assertThat(china.certificateUrl("https://sns.cn-north-1.amazonaws.com.cn/x.pem")).isNotNull();
        assertThatThrownBy(() -> china.certificateUrl("https://sns.cn-north-1.amazonaws.com/x.pem"))
                .isInstanceOf(RejectedMessage.class);
    }
}
