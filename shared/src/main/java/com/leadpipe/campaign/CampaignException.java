package com.leadpipe.campaign;

import java.util.List;
import java.util.stream.Collectors;

/** A campaign file that cannot be used; every problem names the file and the field. */
public final class CampaignException extends RuntimeException {

    private final List<Problem> problems;

    public CampaignException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * @param file  where the campaign came from, e.g. {@code campaigns/demo.yaml}
     * @param field dotted path of the field, e.g. {@code fields[1].maxLength}; "" for the file itself
     */
    public record Problem(String file, String field, String message) {
        @Override
        public String toString() {
            return field.isEmpty() ? file + ": " + message : file + ": " + field + ": " + message;
        }
    }
}
