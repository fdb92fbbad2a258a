package com.leadpipe.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.campaign.Campaign;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageLookTest {

    private static PageLook look(String accent, String fonts) {
        return new PageLook("Acme", Optional.empty(), accent, fonts, "1 Main St", Optional.of("https://acme.example/privacy"));
    }

    @Test
    void modelMixesTheAccentAndKeepsOnlySafeCharactersForCss() {
        Map<String, Object> model = look("#336699", "Inter, 'Helvetica Neue'; } body {").model();

        assertThat(model).containsEntry("accent", "#336699").containsEntry("accentSoft", "#eff3f7")
                .containsEntry("accentDark", "#264d73").containsEntry("fontStack", "Inter, 'Helvetica Neue'  body ")
                .containsEntry("brandName", "Acme").containsEntry("privacyUrl", "https://acme.example/privacy")
                .containsEntry("logoUrl", "");
    }

    @Test
    void anAccentThatIsNotSixHexDigitsFallsBackToTheDefault() {
        assertThat(look("red;}", "serif").model()).containsEntry("accent", Campaign.Brand.DEFAULT_ACCENT);
    }

    @Test
    void theModelIsWorkedOutOncePerLookAndCannotBeChangedByAPage() {
        // GIVEN two equal looks (every page of a campaign builds its own)
        Map<String, Object> first = look("#ABCDEF", "serif").model();

        // WHEN the second asks for its model
        Map<String, Object> second = look("#ABCDEF", "serif").model();

        // THEN it is the same read-only map, lower-cased once
        assertThat(second).isSameAs(first).containsEntry("accent", "#abcdef");
        assertThatThrownBy(() -> second.put("accent", "#000000")).isInstanceOf(UnsupportedOperationException.class);
    }
}
