package com.leadpipe.functions.bounces;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;

/**
 * Accepts only genuine SNS notifications from our feedback topic: the topic ARN matches, the
 * message is fresh, and its signature verifies with the certificate of the topic's own regional
 * SNS endpoint. Cheap checks run first, so a forged message never makes us fetch anything, and the
 * certificate URL is checked strictly before it is fetched (a look-alike host, another port,
 * credentials in the URL or plain http would let a forger supply their own key).
 *
 * <p>What a valid signature proves is that SNS delivered the message from this topic; who may
 * publish to the topic is up to its policy (SES only, see template.yaml).
 */
public final class SnsVerifier implements NotificationVerifier {

    /** Older than this is a replay, or stuck so long that Lambda's own retry window has passed. */
    public static final Duration MAX_AGE = Duration.ofHours(1);
    /** SNS's clock and ours may differ a little; a timestamp further ahead than this is made up. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final String topicArn;
    private final String certificateHost;
    private final SigningCertificates certificates;
    private final Clock clock;

    /** @param topicArn the feedback topic, arn:{partition}:sns:{region}:{account}:{name} */
    public SnsVerifier(String topicArn, SigningCertificates certificates, Clock clock) {
        String[] arn = topicArn == null ? new String[0] : topicArn.split(":", -1);
        if (arn.length != 6 || !"arn".equals(arn[0]) || !"sns".equals(arn[2]) || !arn[3].matches("[a-z0-9-]+")
                || arn[5].isEmpty()) {
            throw new IllegalArgumentException("BOUNCE_TOPIC_ARN is not an SNS topic ARN: " + topicArn);
        }
        this.topicArn = topicArn;
        // The signing certificate must come from the topic's own region's SNS endpoint.
        this.certificateHost = "sns." + arn[3] + (arn[1].equals("aws-cn") ? ".amazonaws.com.cn" : ".amazonaws.com");
        this.certificates = certificates;
        this.clock = clock;
    }

    @Override
    public void verify(SnsMessage m) throws RejectedMessage {
        if (!"Notification".equals(m.type())) {
            throw new RejectedMessage("type");
        }
        if (!topicArn.equals(m.topicArn())) {
            throw new RejectedMessage("topic");
        }
        if (m.message() == null || m.messageId() == null || m.signature() == null) {
            throw new RejectedMessage("incomplete");
        }
        checkTimestamp(m.timestamp());
        String algorithm = switch (String.valueOf(m.signatureVersion())) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> throw new RejectedMessage("signature_version");
        };
        X509Certificate certificate;
        try {
            certificate = certificates.get(certificateUrl(m.signingCertUrl()));
        } catch (SigningCertificateCheck.Untrusted e) {
            throw new RejectedMessage("certificate_untrusted", e.getMessage());
        }
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateException e) {
            throw new RejectedMessage("certificate_expired");
        }
        if (!signatureMatches(algorithm, certificate, m)) {
            throw new RejectedMessage("signature");
        }
    }

    private void checkTimestamp(String timestamp) throws RejectedMessage {
        Instant sent;
        try {
            sent = Instant.parse(String.valueOf(timestamp));
        } catch (DateTimeParseException e) {
            throw new RejectedMessage("timestamp");
        }
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(MAX_AGE))) {
            throw new RejectedMessage("stale");
        }
        if (sent.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new RejectedMessage("timestamp");
        }
    }

    /** https://sns.{topic's region}.amazonaws.com/….pem, nothing else: no port, user, query or fragment. */
    URI certificateUrl(String url) throws RejectedMessage {
        URI uri;
        try {
            uri = new URI(String.valueOf(url));
        } catch (java.net.URISyntaxException e) {
            throw new RejectedMessage("certificate_url");
        }
        String path = uri.getRawPath();
        boolean strict = "https".equals(uri.getScheme())
                && certificateHost.equals(uri.getHost())
                && uri.getRawAuthority() != null && uri.getRawAuthority().equals(certificateHost)
                && uri.getRawQuery() == null && uri.getRawFragment() == null
                && path != null && path.startsWith("/") && path.endsWith(".pem") && !path.contains("..");
        if (!strict) {
            throw new RejectedMessage("certificate_url");
        }
        return uri;
    }

    private static boolean signatureMatches(String algorithm, X509Certificate certificate, SnsMessage m) {
        try {
            byte[] signature = Base64.getDecoder().decode(m.signature());
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(m.canonicalNotification().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // not base64, wrong key type, malformed signature: all just "does not verify"
        }
    }
}
