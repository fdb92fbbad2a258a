package com.leadpipe.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.IDN;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Domains by UTS #46 nontransitional processing (IDNA2008). Vectors: hand-picked cases of the kinds
 * Unicode's IdnaTestV2.txt covers (deviation characters, width and case mapping, CJK, CONTEXTJ and
 * Bidi errors), with their expected A-labels; not the official file.
 */
class IdnaTest {

    @ParameterizedTest
    @CsvSource({
            "ada@straße.de, ada@xn--strae-oqa.de",
            "ada@faß.de, ada@xn--fa-hia.de",
            "Ada@Bücher.Example, Ada@xn--bcher-kva.example",
            "ada@MÜNCHEN.de, ada@xn--mnchen-3ya.de",
            "ada@例え.テスト, ada@xn--r8jz45g.xn--zckzah",
            "ada@ｅｘａｍｐｌｅ.com, ada@example.com",
            "ada@xn--strae-oqa.de, ada@xn--strae-oqa.de",
            "ada@STRASSE.de, ada@strasse.de",
    })
    void internationalisedDomainsBecomeTheirUts46ALabels(String typed, String stored) throws Exception {
        assertThat(EmailAddress.parse(typed).value()).isEqualTo(stored);
    }

    @Test
    void strasseIsNotStrasse() throws Exception {
        EmailAddress eszett = EmailAddress.parse("ada@straße.de");

        assertThat(eszett.value()).isEqualTo("ada@xn--strae-oqa.de");
        // what java.net.IDN (IDNA2003) would have stored: another person's domain, another key
        assertThat(IDN.toASCII("straße.de")).isEqualTo("strasse.de");
        assertThat(eszett.key()).isNotEqualTo(EmailAddress.parse("ada@strasse.de").key());
        assertThat(EmailAddress.parse(eszett.value()).value()).isEqualTo(eszett.value()); // round trip
    }

    @ParameterizedTest
    @CsvSource({
            "ada@a\u200Db.de",      // ZERO WIDTH JOINER outside its CONTEXTJ rule
            "ada@a\u05D0.de",       // Latin then Hebrew in one label: Bidi rule
            "ada@ex ample.de",      // space: STD3 rules
            "ada@\u0301ab.de",      // a label may not start with a combining mark
    })
    void namesUts46RefusesAreInvalidAddresses(String typed) {
        assertThatThrownBy(() -> EmailAddress.parse(typed)).isInstanceOf(EmailAddress.InvalidEmailException.class);
    }

    @Test
    void mixedScriptLabelsAreFlaggedAndWhatPeopleWriteIsNot() throws Exception {
        assertThat(EmailAddress.parse("ada@\u0430pple.com").mixedScriptDomain()).isTrue(); // Cyrillic а
        assertThat(EmailAddress.parse("ada@bücher.de").mixedScriptDomain()).isFalse();
        assertThat(EmailAddress.parse("ada@例え.テスト").mixedScriptDomain()).isFalse();
        assertThat(EmailAddress.parse("ada@пример.рф").mixedScriptDomain()).isFalse();
        assertThat(EmailAddress.parse("ada@example.com").mixedScriptDomain()).isFalse();
    }
}
