package com.leadpipe.functions.bounces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for SNS in tests: a throwaway RSA key with a certificate shaped like SNS's
 * ({@code CN=sns.amazonaws.com}, issued by a throwaway intermediate under a throwaway root, AIA
 * pointing under amazontrust.com), which signs notifications the way SNS does, and a
 * {@link SigningCertificates} that hands out that certificate and records which URLs were asked
 * for. The real {@link SnsVerifier} runs unchanged; {@link #checked} adds the real
 * {@link SigningCertificateCheck} with the throwaway root as the only trust anchor.
 */
final class TestSns implements SigningCertificates {

    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:leadpipe-dev-feedback";
    static final String CERT_URL =
            "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-6209c161c6221fdf56ec1eb5c821d112.pem";
    /** Where genuine SNS leaves point for their issuer (Amazon RSA 2048 M01). */
    static final String ISSUER_URL = "http://crt.r2m01.amazontrust.com/r2m01.cer";
    static final String SIGNING_NAME = "sns.amazonaws.com";

    // Shared: RSA keys are slow to make, and valid for any instant a test picks.
    static final TestCertificates.Issued ROOT = TestCertificates.root("CN=Test Root CA 1, O=Leadpipe tests",
            Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));
    static final TestCertificates.Issued INTERMEDIATE = TestCertificates.intermediate(ROOT,
            "CN=Test RSA 2048 M01, O=Leadpipe tests", Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2100-01-01T00:00:00Z"));

    private final KeyPair keys;
    private final X509Certificate certificate;
    final List<URI> fetched = new ArrayList<>();
    /** The AIA issuer URLs {@link #checked} read. */
    final List<URI> issuersFetched = new ArrayList<>();

    /** @param around the certificate is valid from a day before to a year after this */
    TestSns(Instant around) {
        this(around, SIGNING_NAME);
    }

    /** @param signingName the leaf's CN and DNS SAN (a foreign name makes a certificate SNS would not sign with) */
    TestSns(Instant around, String signingName) {
        TestCertificates.Issued leaf = TestCertificates.leaf(INTERMEDIATE, "CN=" + signingName, signingName, ISSUER_URL,
                around.minus(1, ChronoUnit.DAYS), around.plus(365, ChronoUnit.DAYS));
        keys = leaf.keys();
        certificate = leaf.certificate();
    }

    /**
     * Certificates as Lambda gets them: the leaf alone (as SNS serves it) through the real
     * {@link SigningCertificateCheck}, trusting only {@link #ROOT}, the intermediate from a stand-in
     * of its AIA URL.
     */
    SigningCertificates checked(java.time.Clock clock) {
        SigningCertificateCheck check = new SigningCertificateCheck(ROOT.asAnchor(), url -> {
            issuersFetched.add(url);
            try {
                return INTERMEDIATE.certificate().getEncoded();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }, clock);
        return url -> check.check(List.of(get(url)), url.getHost());
    }

    @Override
    public X509Certificate get(URI url) {
        fetched.add(url);
        return certificate;
    }

    /** The message with a real signature (by this key) of the given version over its fields. */
    SnsMessage sign(SnsMessage m, String version) {
        SnsMessage unsigned = new SnsMessage(m.type(), m.messageId(), m.topicArn(), m.subject(), m.message(),
                m.timestamp(), version, "", m.signingCertUrl());
        try {
            Signature signer = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(unsigned.canonicalNotification().getBytes(StandardCharsets.UTF_8));
            return new SnsMessage(m.type(), m.messageId(), m.topicArn(), m.subject(), m.message(), m.timestamp(),
                    version, Base64.getEncoder().encodeToString(signer.sign()), m.signingCertUrl());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh notification on our topic carrying {@code sesEvent}, signed (version 2). */
    SnsMessage notification(String messageId, String sesEvent, Instant timestamp) {
        return sign(new SnsMessage("Notification", messageId, TOPIC, null, sesEvent,
                timestamp.truncatedTo(ChronoUnit.MILLIS).toString(), "2", "", CERT_URL), "2");
    }

    // ---- fixtures and Lambda payloads

    static String fixture(String name) {
        try (InputStream in = TestSns.class.getClassLoader().getResourceAsStream("events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one SNS message of an events/ fixture, as the handler reads it. */
    static SnsMessage fixtureMessage(String name) {
        return SnsEvents.parse(new java.io.ByteArrayInputStream(fixture(name).getBytes(StandardCharsets.UTF_8)))
                .get(0);
    }

    /** A Lambda SNS event payload holding these messages, as Lambda delivers it. */
    static InputStream lambdaEvent(SnsMessage... messages) {
        List<Object> records = new ArrayList<>();
        for (SnsMessage m : messages) {
            Map<String, Object> sns = new LinkedHashMap<>();
            sns.put("Type", m.type());
            sns.put("MessageId", m.messageId());
            sns.put("TopicArn", m.topicArn());
            sns.put("Subject", m.subject());
            sns.put("Message", m.message());
            sns.put("Timestamp", m.timestamp());
            sns.put("SignatureVersion", m.signatureVersion());
            sns.put("Signature", m.signature());
            sns.put("SigningCertUrl", m.signingCertUrl());
            sns.put("UnsubscribeUrl", "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                    + TOPIC + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
            sns.put("MessageAttributes", Map.of());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("EventSource", "aws:sns");
            record.put("EventVersion", "1.0");
            record.put("EventSubscriptionArn", TOPIC + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
            record.put("Sns", sns);
            records.add(record);
        }
        return new java.io.ByteArrayInputStream(
                com.leadpipe.json.JsonTree.write(Map.of("Records", records)).getBytes(StandardCharsets.UTF_8));
    }
}
