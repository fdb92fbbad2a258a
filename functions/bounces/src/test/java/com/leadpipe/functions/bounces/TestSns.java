package com.leadpipe.functions.bounces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in for SNS in tests: a throwaway RSA key with a self-signed certificate, which signs
 * notifications the way SNS does, and a {@link SigningCertificates} that hands out that
 * certificate and records which URLs were asked for. The real {@link SnsVerifier} runs unchanged.
 */
final class TestSns implements SigningCertificates {

    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:leadpipe-dev-feedback";
    static final String CERT_URL =
            "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-6209c161c6221fdf56ec1eb5c821d112.pem";

    private final KeyPair keys;
    private final X509Certificate certificate;
    final List<URI> fetched = new ArrayList<>();

    /** @param around the certificate is valid from a day before to a year after this */
    TestSns(Instant around) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=sns.amazonaws.com, O=Leadpipe tests");
            certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(around.toEpochMilli()), Date.from(around.minus(1, ChronoUnit.DAYS)),
                    Date.from(around.plus(365, ChronoUnit.DAYS)), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
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
