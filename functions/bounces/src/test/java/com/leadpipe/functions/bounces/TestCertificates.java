package com.leadpipe.functions.bounces;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway PKI for tests: a root, an intermediate and SNS-like leaves, as Amazon Trust Services issues them. */
final class TestCertificates {

    /** A certificate and its key. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        Set<TrustAnchor> asAnchor() {
            return Set.of(new TrustAnchor(certificate, null));
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued root(String dn, Instant from, Instant to) {
        KeyPair keys = rsa();
        return new Issued(build(new X500Name(dn), keys, new X500Name(dn), keys, from, to, true, null, null), keys);
    }

    static Issued intermediate(Issued issuer, String dn, Instant from, Instant to) {
        KeyPair keys = rsa();
        return new Issued(build(name(issuer), issuer.keys(), new X500Name(dn), keys, from, to, true, null, null), keys);
    }

    /**
     * @param dnsName   the SAN dNSName, or null for none (the CN alone then names the host)
     * @param caIssuers the AIA caIssuers URL, or null
     */
    static Issued leaf(Issued issuer, String dn, String dnsName, String caIssuers, Instant from, Instant to) {
        KeyPair keys = rsa();
        return new Issued(build(name(issuer), issuer.keys(), new X500Name(dn), keys, from, to, false, dnsName, caIssuers),
                keys);
    }

    private static X500Name name(Issued issuer) {
        return X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()); // byte for byte
    }

    private static X509Certificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair keys,
                                         Instant from, Instant to, boolean ca, String dnsName, String caIssuers) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (dnsName != null) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            }
            if (caIssuers != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription(AccessDescription.id_ad_caIssuers,
                                new GeneralName(GeneralName.uniformResourceIdentifier, caIssuers))));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
