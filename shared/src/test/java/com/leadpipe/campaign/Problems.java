package com.leadpipe.campaign;

import java.util.ArrayList;
import java.util.List;

/** Problems of one campaign file, collected as {@code file: field: reason}. */
final class Problems {

    private final String file;
    private final List<CampaignException.Problem> list = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(String field, String message) {
        list.add(new CampaignException.Problem(file, field, message));
    }

    List<CampaignException.Problem> list() {
        return List.copyOf(list);
    }
}
