package com.leadpipe.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "  Ada.Lovelace@Example.COM  | Ada.Lovelace@example.com",
            "ada+news@sub.example.co.uk   | ada+news@sub.example.co.uk",
            "ada@bücher.example           | ada@xn--bcher-kva.example",
            "o'brien@example.ie           | o'brien@example.ie",
            "ada@example.com.             | ada@example.com"})
    void normalisesDomainAndKeepsLocalPart(String raw, String expected) throws Exception {
        assertThat(EmailAddress.parse(raw).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com",
            "ada @example.com", "ada@exa mple.com", "ada@-example.com", "ada@example.123", ".ada@example.com",
            "ada..l@example.com", "\"quoted\"@example.com", "ada@example.com\r\nBcc: x@y.z"})
    void refusesInvalidAddresses(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(EmailAddress.InvalidEmailException.class);
    }

    @Test
    void refusesOverlongAddresses() {
        String local65 = "a".repeat(65);
        assertThatThrownBy(() -> EmailAddress.parse(local65 + "@example.com"))
                .isInstanceOf(EmailAddress.InvalidEmailException.class);
        String longDomain = ("d".repeat(60) + ".").repeat(4) + "com"; // 247 chars
        assertThatThrownBy(() -> EmailAddress.parse("abcdefgh@" + longDomain))
                .hasMessage("That email address is too long.");
    }

    @Test
    void caseVariantsAreOneSubscriberButKeysHideTheAddress() throws Exception {
        EmailAddress a = EmailAddress.parse("Ada@Example.com");
        EmailAddress b = EmailAddress.parse("ada@example.com");

        assertThat(a.key()).isEqualTo(b.key()).hasSize(64).doesNotContain("ada");
        assertThat(a.toString()).doesNotContain("ada").doesNotContain("example");
    }
}
