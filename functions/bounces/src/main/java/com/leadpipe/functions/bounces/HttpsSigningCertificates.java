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
 * container. Redirects are not followed. Only a certificate that passes
 * {@link SigningCertificateCheck} (valid, issued to that SNS host, chained to a trusted root) is
 * kept; one that fails is {@link SigningCertificateCheck.Untrusted}, and asked for again next time.
 */
final class HttpsSigningCertificates implements SigningCertificates {

    /** SNS certificates are about 2 KB; anything much bigger is not one. */
    private static final int MAX_BYTES = 64 * 1024;

    private final Map<URI, X509Certificate> cache = new ConcurrentHashMap<>();
    /** The JDK's default (its trust store) in Lambda; tests trust a local test server. */
    private final SSLSocketFactory tls;
    private final SigningCertificateCheck check;

    HttpsSigningCertificates() {
        this(HttpsURLConnection.getDefaultSSLSocketFactory(), new SigningCertificateCheck(java.time.Clock.systemUTC()));
    }

    HttpsSigningCertificates(SSLSocketFactory tls, SigningCertificateCheck check) {
        this.tls = tls;
        this.check = check;
    }

    @Override
    public X509Certificate get(URI url) {
        X509Certificate cached = cache.get(url);
        if (cached != null) {
            return cached;
        }
        X509Certificate checked = check.check(fetch(url), url.getHost());
        cache.put(url, checked);
        return checked;
    }

    private java.util.List<X509Certificate> fetch(URI url) {
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
            java.util.List<X509Certificate> chain = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(body))) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new Unavailable("no certificate in the answer", null);
            }
            return chain;
        } catch (IOException | CertificateException e) {
            throw new Unavailable("cannot fetch signing certificate", e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
