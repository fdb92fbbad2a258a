package com.leadpipe.local;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.CampaignException.Problem;
import com.leadpipe.campaign.CampaignLint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The campaign folder the runner serves, checked the way the build checks it
 * ({@link CampaignLint}), with problems named by the folder's path as the user gave it (the lint
 * writes {@code campaigns/<file>}, the repository layout).
 */
public final class CampaignCheck {

    private static final String LINT_PREFIX = "campaigns/";

    private final Path dir;
    private final String label;

    /** @param label how to show the folder in messages, e.g. "campaigns" or the path given on the command line */
    public CampaignCheck(Path dir, String label) {
        this.dir = dir;
        this.label = label.endsWith("/") ? label.substring(0, label.length() - 1) : label;
    }

    public Path dir() {
        return dir;
    }

    /** Re-reads and checks the folder on every call: edits show up on the next request. */
    public CampaignCatalog catalog() {
        return CampaignCatalog.fromDirectory(dir, CampaignLint::checkOrThrow);
    }

    /** Every problem in every file, as {@code file: field: reason}. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        try {
            CampaignLint.lint(dir, problems);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return problems.stream().map(this::relabel).toList();
    }

    /** The problems of one campaign's file. */
    public List<Problem> problemsOf(String campaignId) {
        String file = label + "/" + campaignId + ".yaml";
        return problems().stream().filter(p -> p.file().equals(file)).toList();
    }

    /** Campaign ids with a file in the folder, valid or not. */
    public List<String> ids() {
        if (!dir.toFile().isDirectory()) {
            return List.of();
        }
        return catalog().ids();
    }

    private Problem relabel(Problem problem) {
        String file = problem.file();
        if (file.startsWith(LINT_PREFIX)) {
            file = label + "/" + file.substring(LINT_PREFIX.length());
        }
        return new Problem(file, problem.field(), problem.message());
    }
}
