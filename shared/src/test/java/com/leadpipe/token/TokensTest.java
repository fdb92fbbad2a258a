package com.leadpipe.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void mintedTokensParseBackAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Tokens.Token t = Tokens.mint("demo");
            assertThat(seen.add(t.value())).isTrue();
            assertThat(Tokens.parse(t.value())).contains(t);
            assertThat(t.value()).startsWith("demo.").hasSize("demo.".length() + 43).matches("[a-z0-9.A-Z_-]+");
        }
    }

    @Test
    void hashIsStableAndHidesTheToken() {
        Tokens.Token t = Tokens.mint("demo");

        assertThat(t.hash()).isEqualTo(Tokens.parse(t.value()).orElseThrow().hash()).hasSize(64)
                .doesNotContain(t.value().substring(5));
        assertThat(t.toString()).doesNotContain(t.value());
    }

    @Test
    void tamperedOrTruncatedTokensDoNotParseButKeepTheirCampaign() {
        String value = Tokens.mint("spring-sale").value();

        assertThat(Tokens.parse(value.substring(0, value.length() - 1))).isEmpty();
        assertThat(Tokens.parse(value + "x")).isEmpty();
        assertThat(Tokens.parse(value.replace('.', '!'))).isEmpty();
        assertThat(Tokens.parse(null)).isEmpty();
        assertThat(Tokens.campaignHint(value.substring(0, 20))).contains("spring-sale");
        assertThat(Tokens.campaignHint("<script>.abc")).isEmpty();
    }
}
