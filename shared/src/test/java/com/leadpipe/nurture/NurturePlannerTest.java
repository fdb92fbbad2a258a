package com.leadpipe.nurture;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.Sequence;
import com.leadpipe.campaign.Survey.Axis;
import com.leadpipe.campaign.Survey.Temperature;
import com.leadpipe.survey.Qualifier;
import com.leadpipe.template.MailParts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NurturePlannerTest {

    static final Sequence DEMO = CampaignCatalog.fromClasspath().find("demo").flatMap(Campaign::sequence).orElseThrow();
    static final Instant CONFIRMED = Instant.parse("2026-11-23T10:00:00Z");

    static Qualifier.Qualification q(Temperature t) {
        return new Qualifier.Qualification(Map.of(Axis.INTEREST, 0), 0, t, Qualifier.Stage.ENGAGED, Set.of());
    }

    @Test
    void welcomeGoesOutRightAfterConfirmation() {
        var d = NurturePlanner.next(DEMO, Set.of(), CONFIRMED, Optional.empty(), q(Temperature.COLD), CONFIRMED);

        assertThat(d).isEqualTo(new NurturePlanner.Send(DEMO.steps().get(0)));
    }

    @Test
    void laterStepsWaitForTheirDelayAfterThePreviousSend() {
        Instant welcomeSent = CONFIRMED.plusSeconds(30);
        var d = NurturePlanner.next(DEMO, Set.of("welcome"), CONFIRMED, Optional.of(welcomeSent), q(Temperature.HOT),
                welcomeSent.plus(Duration.ofHours(1)));

        assertThat(d).isEqualTo(new NurturePlanner.Wait(welcomeSent.plus(Duration.ofDays(2))));
    }

    @Test
    void theBranchFollowsTemperature() {
        Instant later = CONFIRMED.plus(Duration.ofDays(2)).plusSeconds(60);
        var hot = NurturePlanner.next(DEMO, Set.of("welcome"), CONFIRMED, Optional.of(CONFIRMED), q(Temperature.HOT), later);
        var cold = NurturePlanner.next(DEMO, Set.of("welcome"), CONFIRMED, Optional.of(CONFIRMED), q(Temperature.COLD), later);
        var coldNext = NurturePlanner.next(DEMO, Set.of("welcome", "launch-review"), CONFIRMED, Optional.of(CONFIRMED),
                q(Temperature.COLD), later);
        var hotNext = NurturePlanner.next(DEMO, Set.of("welcome", "launch-review"), CONFIRMED, Optional.of(later),
                q(Temperature.HOT), later.plus(Duration.ofDays(3)));

        assertThat(hot).isEqualTo(new NurturePlanner.Send(DEMO.steps().get(1)));
        assertThat(cold).isEqualTo(new NurturePlanner.Skip(DEMO.steps().get(1)));
        assertThat(coldNext).isEqualTo(new NurturePlanner.Send(DEMO.steps().get(2)));
        assertThat(hotNext).isEqualTo(new NurturePlanner.Skip(DEMO.steps().get(2)));
    }

    @Test
    void editedSequencesNeverResendAndNeverStrand() {
        Sequence.Step a = step("a", Duration.ZERO);
        Sequence.Step b = step("b", Duration.ofDays(1));
        Sequence.Step c = step("c", Duration.ofDays(1));
        Instant now = CONFIRMED.plus(Duration.ofDays(10));

        // a was sent; then the sequence was reordered to c, a, and b was deleted
        var reordered = NurturePlanner.next(new Sequence(List.of(c, a)), Set.of("a", "b"), CONFIRMED,
                Optional.of(CONFIRMED), q(Temperature.COLD), now);
        var finished = NurturePlanner.next(new Sequence(List.of(a)), Set.of("a", "b"), CONFIRMED,
                Optional.of(CONFIRMED), q(Temperature.COLD), now);

        assertThat(reordered).isEqualTo(new NurturePlanner.Send(c));
        assertThat(finished).isEqualTo(new NurturePlanner.Finished());
    }

    @Test
    void stepsMayCountFromConfirmation() {
        Sequence.Step fixed = new Sequence.Step("day7", Duration.ofDays(7), Sequence.After.CONFIRMATION, Optional.empty(),
                MailParts.compile("s", "t", "h"));
        var d = NurturePlanner.next(new Sequence(List.of(fixed)), Set.of(), CONFIRMED,
                Optional.of(CONFIRMED.plus(Duration.ofDays(6))), q(Temperature.COLD), CONFIRMED.plus(Duration.ofDays(6)));

        assertThat(d).isEqualTo(new NurturePlanner.Wait(CONFIRMED.plus(Duration.ofDays(7))));
    }

    static Sequence.Step step(String id, Duration delay) {
        return new Sequence.Step(id, delay, Sequence.After.PREVIOUS, Optional.empty(), MailParts.compile("s", "t", "h"));
    }
}
