package com.leadpipe.priming;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RehearsalTest {

    private final LeadpipeConfig config = LeadpipeConfig.from(Map.of("TABLE_NAME", "leads",
            "SENDER_ADDRESS", "hello@example.com", "AWS_REGION", "eu-west-1"));
    private final Rehearsal.Stage<Rehearsal> stage = Rehearsal.stage(config, CampaignCatalog.fromClasspath(), "test",
            r -> r);

    @Test
    void aSyntheticLeadGoesTheWholeWayOffline() throws Exception {
        // GIVEN a rehearsal of the demo campaign on offline clients
        Rehearsal rehearsal = stage.rehearsal();

        // WHEN a new address signs up, confirms and gets its first nurture mail
        Rehearsal.Lead lead = rehearsal.confirmed("demo");
        String unsubscribe = rehearsal.nurtured(lead);

        // THEN each step found the link the previous one mailed, on a reserved domain
        assertThat(lead.email()).endsWith("@example.invalid");
        assertThat(lead.confirmToken()).startsWith("demo.");
        assertThat(lead.surveyToken()).hasValueSatisfying(t -> assertThat(t).startsWith("demo."));
        assertThat(unsubscribe).startsWith("demo.");
    }

    @Test
    void everySignupIsANewAddress() {
        Rehearsal rehearsal = stage.rehearsal();

        assertThat(rehearsal.nextEmail()).isNotEqualTo(rehearsal.nextEmail());
    }

    @Test
    void clearingDropsTheRehearsal() {
        Rehearsal first = stage.rehearsal();

        stage.clear();

        assertThat(stage.rehearsal()).isNotSameAs(first);
    }
}
