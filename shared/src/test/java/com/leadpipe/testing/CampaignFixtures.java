package com.leadpipe.testing;

/** Campaign files for tests that need one the build check refuses. */
public final class CampaignFixtures {

    /**
     * {@code campaigns/broken.yaml}: no title, a choice field without label or options, a
     * confirmation text without the link. Each problem is reported with file and field.
     */
    public static final String BROKEN = """
            id: broken
            sender: {name: "Broken", postalAddress: "1 Main St"}
            consent: {version: "1", text: "Yes"}
            page: {headline: "Hi"}
            fields:
              - {name: role, type: choice}
            confirmation: {subject: "Confirm", text: "no link here", html: "<p>{{confirmUrl}}</p>"}
            """;

    private CampaignFixtures() {
    }
}
