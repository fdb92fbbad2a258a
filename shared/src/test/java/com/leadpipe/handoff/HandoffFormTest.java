package com.leadpipe.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoffFormTest {

    final Campaign.Handoff demo = CampaignCatalog.fromClasspath().find("demo").orElseThrow().handoff().orElseThrow();

    @Test
    void theDemoFileReadsWithItsSettings() {
        assertThat(demo.channels()).containsExactly(Campaign.Channel.EMAIL, Campaign.Channel.PHONE, Campaign.Channel.VIDEO);
        assertThat(demo.tag()).isEqualTo("hand-raised");
        assertThat(demo.notifyAddresses()).containsExactly("sales@leadpipe.test");
        assertThat(demo.askPhone() && demo.askBestTime() && demo.askMessage()).isTrue();
    }

    @Test
    void keepsWhatWasGivenTrimmedAndLeavesOutWhatWasNot() {
        HandoffForm.Result result = HandoffForm.check(demo, Map.of("channel", "video", "bestTime", "  after 3pm ",
                "message", "", "t", "ignored"));

        assertThat(result.error()).isEmpty();
        assertThat(result.request()).containsExactly(Map.entry("channel", "video"), Map.entry("bestTime", "after 3pm"));
    }

    @Test
    void anUnknownChannelFallsBackToTheFirstOffered() {
        assertThat(HandoffForm.check(demo, Map.of("channel", "fax")).request()).containsEntry("channel", "email");
    }

    @Test
    void aCallNeedsAPlausibleNumber() {
        assertThat(HandoffForm.check(demo, Map.of("channel", "phone")).error()).hasValueSatisfying(e ->
                assertThat(e).contains("phone number"));
        assertThat(HandoffForm.check(demo, Map.of("channel", "phone", "phone", "call me maybe")).error()).isPresent();
        assertThat(HandoffForm.check(demo, Map.of("channel", "phone", "phone", "+1 (555) 010-0000")).error()).isEmpty();
        assertThat(HandoffForm.check(demo, Map.of("channel", "email", "message", "x".repeat(1001))).error()).isPresent();
    }
}
