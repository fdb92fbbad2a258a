package com.leadpipe.nurture;

import com.leadpipe.campaign.Sequence;
import com.leadpipe.survey.Qualifier;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a lead's next move in its sequence. Progress is the set of step ids done (sent or
 * skipped), so editing and redeploying a sequence never re-sends a step and never strands a lead:
 * the next step is always the first one, in the current order, that is not done.
 */
public final class NurturePlanner {

    private NurturePlanner() {
    }

    public sealed interface Decision permits Send, Skip, Wait, Finished {
    }

    public record Send(Sequence.Step step) implements Decision {
    }

    /** The step's condition does not hold now: it is skipped for good. */
    public record Skip(Sequence.Step step) implements Decision {
    }

    public record Wait(Instant until) implements Decision {
    }

    public record Finished() implements Decision {
    }

    /**
     * @param lastSentAt when the lead's last nurture mail went out; empty before the first
     */
    public static Decision next(Sequence sequence, Set<String> done, Instant confirmedAt, Optional<Instant> lastSentAt,
                                Qualifier.Qualification qualification, Instant now) {
        for (Sequence.Step step : sequence.steps()) {
            if (done.contains(step.id())) {
                continue;
            }
            Instant base = step.after() == Sequence.After.CONFIRMATION ? confirmedAt : lastSentAt.orElse(confirmedAt);
            Instant due = base.plus(step.delay());
            if (now.isBefore(due)) {
                return new Wait(due);
            }
            boolean holds = step.when().map(c -> c.holds(qualification.temperature(), qualification.stage().lower(),
                    qualification.tags())).orElse(true);
            return holds ? new Send(step) : new Skip(step);
        }
        return new Finished();
    }
}
