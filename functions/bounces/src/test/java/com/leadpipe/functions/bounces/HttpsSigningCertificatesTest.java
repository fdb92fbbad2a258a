package com.leadpipe.functions.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda certificate source against a local HTTPS server (loopback only) standing in for SNS. */
class HttpsSigningCertificatesTest {

    HttpsServer server;
    SSLContext clientTls;
    final AtomicInteger requests = new AtomicInteger();
    X509Certificate signingCertificate;
    TestCertificates.Issued signingRoot;
    X509Certificate leafAlone;
    final AtomicInteger issuerFetches = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        KeyPair serverKeys = rsa();
        X509Certificate serverCertificate = selfSigned("CN=localhost", serverKeys, true);
        // Issued to the host it is served from (SigningCertificateCheck compares them), by a test root.
        signingRoot = TestCertificates.root("CN=Test Root CA, O=Leadpipe tests", Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(1, ChronoUnit.DAYS));
        signingCertificate = TestCertificates.leaf(signingRoot, "CN=localhost", "localhost", null,
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(1, ChronoUnit.DAYS)).certificate();
        X509Certificate foreign = selfSigned("CN=localhost", rsa(), true);
        // As SNS serves it: the leaf alone, its intermediate named by AIA under amazontrust.com.
        leafAlone = TestCertificates.leaf(TestSns.INTERMEDIATE, "CN=localhost", "localhost", TestSns.ISSUER_URL,
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(1, ChronoUnit.DAYS)).certificate();

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", serverKeys.getPrivate(), "pw".toCharArray(),
                new X509Certificate[] {serverCertificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "pw".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("server", serverCertificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(signingCertificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        server.createContext("/cert.pem", exchange -> answer(exchange, 200, pem.getBytes(StandardCharsets.US_ASCII)));
        String foreignPem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(foreign.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        server.createContext("/foreign.pem", exchange -> answer(exchange, 200, foreignPem.getBytes(StandardCharsets.US_ASCII)));
        String leafAlonePem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(leafAlone.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        server.createContext("/leaf-alone.pem", exchange -> answer(exchange, 200, leafAlonePem.getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/missing.pem", exchange -> answer(exchange, 404, new byte[0]));
        server.createContext("/garbage.pem", exchange -> answer(exchange, 200, "hello".getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/huge.pem", exchange -> answer(exchange, 200, new byte[200_000]));
        server.createContext("/moved.pem", exchange -> {
            exchange.getResponseHeaders().add("Location", "/cert.pem");
            answer(exchange, 302, new byte[0]);
        });
        server.start();
    }

    void answer(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        requests.incrementAndGet();
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI url(String path) {
        return URI.create("https://localhost:" + server.getAddress().getPort() + path);
    }

    HttpsSigningCertificates certificates() {
        return new HttpsSigningCertificates(clientTls.getSocketFactory(),
                new SigningCertificateCheck(signingRoot.asAnchor(), url -> {
                    throw new AssertionError("no issuer fetch expected: " + url);
                }, host -> java.util.Set.of(host), java.time.Clock.systemUTC()));
    }

    @Test
    void fetchesTheCertificateOnceAndKeepsIt() {
        HttpsSigningCertificates certificates = certificates();

        assertThat(certificates.get(url("/cert.pem"))).isEqualTo(signingCertificate);
        assertThat(certificates.get(url("/cert.pem"))).isEqualTo(signingCertificate);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aCertificateCheckedWithItsIssuerFromAiaIsKeptSoNeitherIsFetchedAgain() {
        // GIVEN a check trusting the throwaway root, the intermediate from a stand-in of its AIA URL
        HttpsSigningCertificates certificates = new HttpsSigningCertificates(clientTls.getSocketFactory(),
                new SigningCertificateCheck(TestSns.ROOT.asAnchor(), url -> {
                    issuerFetches.incrementAndGet();
                    try {
                        return TestSns.INTERMEDIATE.certificate().getEncoded();
                    } catch (java.security.cert.CertificateEncodingException e) {
                        throw new IllegalStateException(e);
                    }
                }, host -> java.util.Set.of(host), java.time.Clock.systemUTC()));

        // WHEN the same URL is asked for twice
        X509Certificate first = certificates.get(url("/leaf-alone.pem"));
        X509Certificate second = certificates.get(url("/leaf-alone.pem"));

        // THEN the checked leaf comes back both times, from one fetch of each
        assertThat(first).isEqualTo(leafAlone);
        assertThat(second).isSameAs(first);
        assertThat(requests).as("leaf requests").hasValue(1);
        assertThat(issuerFetches).as("issuer fetches").hasValue(1);
    }

    @Test
    void aCertificateThatFailsTheCheckIsUntrustedAndNotKept() {
        HttpsSigningCertificates certificates = certificates();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> certificates.get(url("/foreign.pem")))
                    .isInstanceOf(SigningCertificateCheck.Untrusted.class);
        }
        assertThat(requests).as("asked again: only checked certificates are kept").hasValue(2);
    }

    @Test
    void failuresAreUnavailableNotRejections() {
        HttpsSigningCertificates certificates = certificates();

        for (String path : new String[] {"/missing.pem", "/garbage.pem", "/huge.pem", "/moved.pem"}) {
            assertThatThrownBy(() -> certificates.get(url(path))).as(path)
                    .isInstanceOf(SigningCertificates.Unavailable.class);
        }
        assertThat(requests).as("the redirect is not followed").hasValue(4);
    }

    @Test
    void anUntrustedServerIsUnavailable() {
        HttpsSigningCertificates withDefaultTrust = new HttpsSigningCertificates();

        assertThatThrownBy(() -> withDefaultTrust.get(url("/cert.pem")))
                .isInstanceOf(SigningCertificates.Unavailable.class);
        assertThat(requests).hasValue(0);
    }

    @Test
    void neverPlainHttp() {
        assertThatThrownBy(() -> certificates().get(URI.create("http://localhost:1/cert.pem")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static X509Certificate selfSigned(String dn, KeyPair keys, boolean localhost) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(dn);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic());
        if (localhost) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }
}
