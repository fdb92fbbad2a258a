package com.leadpipe.campaign;

import com.leadpipe.template.MailParts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A campaign's nurture sequence: ordered steps, each sent once per lead. A step's delay counts
 * from the confirmation or from the previous step that was sent; its condition is checked right
 * before sending, and a step whose condition fails is skipped for good. Branches are steps with
 * exclusive conditions (e.g. one for hot leads, one for the rest).
 */
public record Sequence(List<Step> steps) {

    public Sequence {
        steps = List.copyOf(steps);
    }

    public enum After { CONFIRMATION, PREVIOUS }

    /** @param id stable: progress is kept by id, so reordering or editing a deployed sequence re-sends nothing */
    public record Step(String id, Duration delay, After after, Optional<Condition> when, MailParts mail) {
    }

    /** All listed parts must hold; each list means "any of". */
    public record Condition(Set<Survey.Temperature> temperatures, Set<String> stages, Set<String> tagsAny,
                            Set<String> tagsNone) {
        public Condition {
            temperatures = Set.copyOf(temperatures);
            stages = Set.copyOf(stages);
            tagsAny = Set.copyOf(tagsAny);
            tagsNone = Set.copyOf(tagsNone);
        }

        public boolean holds(Survey.Temperature temperature, String stage, Set<String> tags) {
            return (temperatures.isEmpty() || temperatures.contains(temperature))
                    && (stages.isEmpty() || stages.contains(stage))
                    && (tagsAny.isEmpty() || tagsAny.stream().anyMatch(tags::contains))
                    && tagsNone.stream().noneMatch(tags::contains);
        }
    }
}
