package com.leadpipe.functions.bounces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * What AWS asks of an SNS signing certificate beyond the HTTPS it came over: it is valid now,
 * it was issued to a name SNS signs under ({@link #signingNames}, as its subject CN or a DNS SAN),
 * and it chains (PKIX) to a root CA the JDK trusts.
 *
 * <p>SNS serves the leaf alone; its issuer (an "Amazon RSA 2048 M0x" intermediate) is not in the
 * JDK's trust store. The intermediate is fetched from the leaf's Authority Information Access
 * {@code caIssuers} URL, but only from a host under {@code amazontrust.com} (Amazon Trust
 * Services' published location; AIA is plain http by convention, and what it returns counts only
 * if it then chains to a trusted root). Revocation is not checked: OCSP/CRL reachability from
 * Lambda is not guaranteed, and a compromised SNS key would be rotated under a new URL anyway.
 */
final class SigningCertificateCheck {

    /** The leaf is not what SNS signs with: a rejection, not worth a retry. */
    static final class Untrusted extends RuntimeException {
        Untrusted(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private static final Pattern CN = Pattern.compile("(?:^|,)\\s*CN=([^,]+)");
    private static final Pattern SNS_HOST = Pattern.compile("sns\\.([a-z0-9-]+)\\.(amazonaws\\.com(?:\\.cn)?)");
    private static final int DNS_NAME = 2;
    private static final int MAX_BYTES = 64 * 1024;

    private final Set<TrustAnchor> anchors;
    private final Function<URI, byte[]> issuerFetch;
    private final Function<String, Set<String>> signingNamesForHost;
    private final Clock clock;

    /** Lambda: the JDK's trust store, issuers over HTTP from amazontrust.com. */
    SigningCertificateCheck(Clock clock) {
        this(jdkTrustAnchors(), SigningCertificateCheck::httpGet, clock);
    }

    /** @param issuerFetch how an allowed AIA URL is read (tests: a local stand-in) */
    SigningCertificateCheck(Set<TrustAnchor> anchors, Function<URI, byte[]> issuerFetch, Clock clock) {
        this(anchors, issuerFetch, SigningCertificateCheck::signingNames, clock);
    }

    /** @param signingNamesForHost tests serving from localhost: the names a certificate from that host may carry */
    SigningCertificateCheck(Set<TrustAnchor> anchors, Function<URI, byte[]> issuerFetch,
                            Function<String, Set<String>> signingNamesForHost, Clock clock) {
        this.anchors = Set.copyOf(anchors);
        this.issuerFetch = issuerFetch;
        this.signingNamesForHost = signingNamesForHost;
        this.clock = clock;
    }

    /**
     * @param chain the certificates of the PEM, leaf first
     * @param host  the SNS host the PEM came from
     * @return the leaf, checked
     * @throws Untrusted                       if any check fails
     * @throws SigningCertificates.Unavailable if the issuer could not be fetched right now
     */
    X509Certificate check(List<X509Certificate> chain, String host) {
        if (chain.isEmpty()) {
            throw new Untrusted("no certificate", null);
        }
        X509Certificate leaf = chain.get(0);
        Date now = Date.from(clock.instant());
        try {
            leaf.checkValidity(now);
        } catch (GeneralSecurityException e) {
            throw new Untrusted("certificate not valid now", e);
        }
        if (signingNamesForHost.apply(host).stream().noneMatch(name -> issuedTo(leaf, name))) {
            throw new Untrusted("certificate not issued to SNS's signing name for " + host, null);
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        if (path.size() == 1 && !isAnchored(leaf)) {
            path.add(issuerOf(leaf));
        }
        validate(path, now);
        return leaf;
    }

    /**
     * The names SNS's signing certificate may carry when served from {@code host}
     * ({@code sns.<region>.amazonaws.com[.cn]}). Not the host itself: AWS's SDK
     * (sns-message-manager's SnsHostProvider) expects {@code sns.amazonaws.com} in most regions,
     * {@code sns-signing.<region>.amazonaws.com} in opt-in ones, and fixed names in GovCloud and
     * China; genuine certificates say {@code CN=sns.amazonaws.com}. Both aws-partition names are
     * accepted everywhere, so a region that SDK's list does not know yet still verifies; only
     * Amazon can hold an Amazon-issued certificate for either. The host itself is accepted too,
     * in case SNS ever signs under it. No {@code sns-fips.…} name: AWS documents none for signing.
     */
    static Set<String> signingNames(String host) {
        Matcher sns = SNS_HOST.matcher(host.toLowerCase(Locale.ROOT));
        if (!sns.matches()) {
            return Set.of();
        }
        String region = sns.group(1);
        if (sns.group(2).endsWith(".cn")) {
            return Set.of(sns.group(), "sns-" + region + ".amazonaws.com.cn");
        }
        if (region.startsWith("us-gov-")) {
            return Set.of(sns.group(), "sns-us-gov-west-1.amazonaws.com");
        }
        return Set.of(sns.group(), "sns.amazonaws.com", "sns-signing." + region + ".amazonaws.com");
    }

    static boolean issuedTo(X509Certificate leaf, String host) {
        String wanted = host.toLowerCase(Locale.ROOT);
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> name : leaf.getSubjectAlternativeNames()) {
                    if (name.size() == 2 && Integer.valueOf(DNS_NAME).equals(name.get(0))
                            && wanted.equals(String.valueOf(name.get(1)).toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        Matcher cn = CN.matcher(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
        return cn.find() && wanted.equals(cn.group(1).trim().toLowerCase(Locale.ROOT));
    }

    private boolean isAnchored(X509Certificate leaf) {
        return anchors.stream().anyMatch(a -> a.getTrustedCert() != null
                && a.getTrustedCert().getSubjectX500Principal().equals(leaf.getIssuerX500Principal()));
    }

    private X509Certificate issuerOf(X509Certificate leaf) {
        URI url = caIssuers(leaf).orElseThrow(() -> new Untrusted("issuer missing and no AIA caIssuers URL", null));
        String issuerHost = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        // http or https only: anything else (ftp:, jar:, file:) is no place AIA points to.
        boolean web = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        if (!web || !(issuerHost.equals("amazontrust.com") || issuerHost.endsWith(".amazontrust.com"))) {
            throw new Untrusted("issuer URL not http(s) under amazontrust.com", null);
        }
        byte[] der = issuerFetch.apply(url);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new Untrusted("issuer is not a certificate", e);
        }
    }

    /**
     * The caIssuers URL of the AIA extension (OID 1.3.6.1.5.5.7.1.1), read from its DER bytes: the
     * JDK has no public API for it, and an ASN.1 library in the artifact for ten bytes is not worth it.
     */
    static Optional<URI> caIssuers(X509Certificate leaf) {
        byte[] aia = leaf.getExtensionValue("1.3.6.1.5.5.7.1.1");
        if (aia == null) {
            return Optional.empty();
        }
        // caIssuers (1.3.6.1.5.5.7.48.2) is DER 06 08 2B 06 01 05 05 07 30 02; OCSP ends 30 01.
        byte[] caIssuersOid = {0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};
        for (int i = 0; i + caIssuersOid.length + 2 <= aia.length; i++) {
            if (java.util.Arrays.equals(aia, i, i + caIssuersOid.length, caIssuersOid, 0, caIssuersOid.length)) {
                int tag = i + caIssuersOid.length; // [6] IMPLICIT IA5String (0x86), short length
                if ((aia[tag] & 0xff) == 0x86) {
                    int length = aia[tag + 1] & 0xff;
                    if (length < 0x80 && tag + 2 + length <= aia.length) {
                        String text = new String(aia, tag + 2, length, java.nio.charset.StandardCharsets.US_ASCII);
                        try {
                            return Optional.of(URI.create(text));
                        } catch (IllegalArgumentException e) {
                            return Optional.empty();
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private void validate(List<X509Certificate> path, Date now) {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (GeneralSecurityException e) {
            throw new Untrusted("certificate does not chain to a trusted root", e);
        }
    }

    static Set<TrustAnchor> jdkTrustAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (javax.net.ssl.TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate root : x509.getAcceptedIssuers()) {
                        anchors.add(new TrustAnchor(root, null));
                    }
                }
            }
            return anchors;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust store cannot be read", e);
        }
    }

    private static byte[] httpGet(URI url) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(3_000);
            if (connection.getResponseCode() != 200) {
                throw new SigningCertificates.Unavailable("issuer certificate answered HTTP "
                        + connection.getResponseCode(), null);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new SigningCertificates.Unavailable("issuer certificate too large", null);
                }
                return body;
            }
        } catch (IOException e) {
            throw new SigningCertificates.Unavailable("cannot fetch the issuer certificate", e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
