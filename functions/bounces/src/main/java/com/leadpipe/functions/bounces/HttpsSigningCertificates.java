package com.leadpipe.functions.bounces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches SNS signing certificates over HTTPS and keeps them for the container's life (SNS
 * rotates them rarely, under a new URL). URLConnection rather than java.net.http: nothing to
 * start at init (no selector thread before the SnapStart snapshot), one short request per
 * container. TLS to the AWS host is what makes the certificate trustworthy, so redirects are
 * not followed.
 */
final class HttpsSigningCertificates implements SigningCertificates {

    /** SNS certificates are about 2 KB; anything much bigger is not one. */
    private static final int MAX_BYTES = 64 * 1024;

    private final Map<URI, X509Certificate> cache = new ConcurrentHashMap<>();
    /** The JDK's default (its trust store) in Lambda; tests trust a local test server. */
    private final SSLSocketFactory tls;

    HttpsSigningCertificates() {
        this(HttpsURLConnection.getDefaultSSLSocketFactory());
    }

    HttpsSigningCertificates(SSLSocketFactory tls) {
        this.tls = tls;
    }

    @Override
    public X509Certificate get(URI url) {
        X509Certificate cached = cache.get(url);
        if (cached != null) {
            return cached;
        }
        X509Certificate fetched = fetch(url);
        cache.put(url, fetched);
        return fetched;
    }

    private X509Certificate fetch(URI url) {
        if (!"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("signing certificates are fetched over https only");
        }
        HttpsURLConnection connection = null;
        try {
            connection = (HttpsURLConnection) url.toURL().openConnection();
            connection.setSSLSocketFactory(tls);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(5_000);
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new Unavailable("signing certificate answered HTTP " + status, null);
            }
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (body.length > MAX_BYTES) {
                throw new Unavailable("signing certificate too large", null);
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(body));
        } catch (IOException | CertificateException e) {
            throw new Unavailable("cannot fetch signing certificate", e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
