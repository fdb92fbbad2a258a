package com.leadpipe.functions.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.functions.bounces.TestCertificates.Issued;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SigningCertificateCheckTest {

    static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String HOST = "sns.us-east-1.amazonaws.com";
    static final String AIA = "http://crt.r2m01.amazontrust.com/r2m01.cer";
    static final Instant YEAR_AGO = NOW.minus(Duration.ofDays(365));
    static final Instant IN_A_YEAR = NOW.plus(Duration.ofDays(365));

    static final Issued ROOT = TestCertificates.root("CN=Test Root CA 1, O=Leadpipe tests", YEAR_AGO, NOW.plus(Duration.ofDays(3650)));
    static final Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "CN=Test RSA 2048 M01, O=Leadpipe tests",
            YEAR_AGO, NOW.plus(Duration.ofDays(1000)));

    final List<URI> fetched = new ArrayList<>();

    Function<URI, byte[]> serving(Issued issuer) {
        return url -> {
            fetched.add(url);
            try {
                return issuer.certificate().getEncoded();
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    SigningCertificateCheck check() {
        return new SigningCertificateCheck(ROOT.asAnchor(), serving(INTERMEDIATE), CLOCK);
    }

    static Issued leaf(String cn, String san, String aia, Instant from, Instant to) {
        return TestCertificates.leaf(INTERMEDIATE, "CN=" + cn, san, aia, from, to);
    }

    @Test
    void aLeafWithItsIntermediateChainsToTheTrustedRoot() {
        Issued good = leaf(HOST, HOST, AIA, YEAR_AGO, IN_A_YEAR);

        assertThat(check().check(List.of(good.certificate(), INTERMEDIATE.certificate()), HOST))
                .isEqualTo(good.certificate());
        assertThat(fetched).as("the PEM had the intermediate").isEmpty();
    }

    @Test
    void aLeafAloneGetsItsIssuerFromAmazonTrustServicesAIA() {
        Issued good = leaf(HOST, null, AIA, YEAR_AGO, IN_A_YEAR); // named by its CN alone

        assertThat(check().check(List.of(good.certificate()), HOST)).isEqualTo(good.certificate());
        assertThat(fetched).containsExactly(URI.create(AIA));
    }

    @Test
    void expiredAndNotYetValidLeavesAreUntrusted() {
        Issued expired = leaf(HOST, HOST, AIA, YEAR_AGO, NOW.minusSeconds(1));
        Issued early = leaf(HOST, HOST, AIA, NOW.plusSeconds(60), IN_A_YEAR);

        for (Issued leaf : List.of(expired, early)) {
            assertThatThrownBy(() -> check().check(List.of(leaf.certificate(), INTERMEDIATE.certificate()), HOST))
                    .isInstanceOf(SigningCertificateCheck.Untrusted.class).hasMessageContaining("not valid now");
        }
    }

    @Test
    void aLeafNamedAsGenuineSnsCertificatesAreTrusted() {
        // GIVEN leaves named as SNS names them (CN and SAN sns.amazonaws.com in most regions,
        // sns-signing.<region>.amazonaws.com in opt-in ones), served from sns.us-east-1.amazonaws.com
        for (String name : List.of("sns.amazonaws.com", "sns-signing.us-east-1.amazonaws.com", HOST)) {
            Issued genuine = leaf(name, name, AIA, YEAR_AGO, IN_A_YEAR);

            // WHEN checked THEN trusted
            assertThat(check().check(List.of(genuine.certificate(), INTERMEDIATE.certificate()), HOST)).as(name)
                    .isEqualTo(genuine.certificate());
        }
    }

    @Test
    void signingNamesFollowTheSdksSnsHostProvider() {
        // GIVEN the certificate hosts of a standard, an opt-in, a GovCloud and a China region, and a foreign host
        // WHEN asked for the names a signing certificate from there may carry
        // THEN they are those sns-message-manager expects (plus the host itself), and none for a foreign host
        assertThat(SigningCertificateCheck.signingNames("sns.eu-west-1.amazonaws.com"))
                .containsExactlyInAnyOrder("sns.amazonaws.com", "sns-signing.eu-west-1.amazonaws.com",
                        "sns.eu-west-1.amazonaws.com");
        assertThat(SigningCertificateCheck.signingNames("sns.me-south-1.amazonaws.com"))
                .contains("sns-signing.me-south-1.amazonaws.com");
        assertThat(SigningCertificateCheck.signingNames("sns.us-gov-east-1.amazonaws.com"))
                .containsExactlyInAnyOrder("sns-us-gov-west-1.amazonaws.com", "sns.us-gov-east-1.amazonaws.com");
        assertThat(SigningCertificateCheck.signingNames("sns.cn-north-1.amazonaws.com.cn"))
                .containsExactlyInAnyOrder("sns-cn-north-1.amazonaws.com.cn", "sns.cn-north-1.amazonaws.com.cn");
        assertThat(SigningCertificateCheck.signingNames("sns.evil.com")).isEmpty();
    }

    @Test
    void aCertificateForAnotherHostIsUntrustedThoughItChains() {
        for (String name : List.of("sns.evil.com", "example.com", "sns.eu-west-1.amazonaws.com",
                "sns-signing.eu-west-1.amazonaws.com", "sns-fips.us-east-1.amazonaws.com", "sns.amazonaws.com.evil.com")) {
            Issued other = leaf(name, name, AIA, YEAR_AGO, IN_A_YEAR);
            assertThatThrownBy(() -> check().check(List.of(other.certificate(), INTERMEDIATE.certificate()), HOST))
                    .as(name).isInstanceOf(SigningCertificateCheck.Untrusted.class).hasMessageContaining("not issued to");
        }
    }

    @Test
    void aSelfSignedOrForeignChainIsUntrusted() {
        Issued selfSigned = TestCertificates.root("CN=" + HOST, YEAR_AGO, IN_A_YEAR);
        Issued otherRoot = TestCertificates.root("CN=Test Root CA 1, O=Leadpipe tests", YEAR_AGO, IN_A_YEAR); // same name, other key
        Issued otherIntermediate = TestCertificates.intermediate(otherRoot, "CN=Test RSA 2048 M01, O=Leadpipe tests",
                YEAR_AGO, IN_A_YEAR);
        Issued forged = TestCertificates.leaf(otherIntermediate, "CN=" + HOST, HOST, AIA, YEAR_AGO, IN_A_YEAR);

        assertThatThrownBy(() -> check().check(List.of(selfSigned.certificate()), HOST))
                .isInstanceOf(SigningCertificateCheck.Untrusted.class);
        assertThatThrownBy(() -> check().check(List.of(forged.certificate(), otherIntermediate.certificate()), HOST))
                .isInstanceOf(SigningCertificateCheck.Untrusted.class).hasMessageContaining("trusted root");
    }

    @Test
    void anIssuerIsFetchedOnlyFromAmazonTrustServices() {
        for (String aia : List.of("http://crt.evil.example/r2m01.cer", "http://amazontrust.com.evil.example/x.cer",
                "http://evilamazontrust.com/x.cer", "ftp://crt.r2m01.amazontrust.com/r2m01.cer")) {
            Issued leaf = leaf(HOST, HOST, aia, YEAR_AGO, IN_A_YEAR);
            assertThatThrownBy(() -> check().check(List.of(leaf.certificate()), HOST)).as(aia)
                    .isInstanceOf(SigningCertificateCheck.Untrusted.class).hasMessageContaining("amazontrust.com");
        }
        Issued noAia = leaf(HOST, HOST, null, YEAR_AGO, IN_A_YEAR);
        assertThatThrownBy(() -> check().check(List.of(noAia.certificate()), HOST))
                .isInstanceOf(SigningCertificateCheck.Untrusted.class).hasMessageContaining("no AIA");
        assertThat(fetched).isEmpty();
    }

    @Test
    void anIssuerThatCannotBeFetchedIsUnavailableSoTheEventIsRetried() {
        SigningCertificateCheck down = new SigningCertificateCheck(ROOT.asAnchor(), url -> {
            throw new SigningCertificates.Unavailable("connect timed out", null);
        }, CLOCK);
        Issued leaf = leaf(HOST, HOST, AIA, YEAR_AGO, IN_A_YEAR);

        assertThatThrownBy(() -> down.check(List.of(leaf.certificate()), HOST))
                .isInstanceOf(SigningCertificates.Unavailable.class);
    }

    @Test
    void theJdkTrustStoreHasTheAmazonRoots() {
        assertThat(SigningCertificateCheck.jdkTrustAnchors()).extracting(a -> a.getTrustedCert().getSubjectX500Principal().getName())
                .anySatisfy(name -> assertThat(name).contains("CN=Amazon Root CA 1"));
    }
}
