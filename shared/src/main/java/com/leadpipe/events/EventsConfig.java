package com.leadpipe.events;

import java.util.Map;

/**
 * The publisher's settings (template.yaml, LeadEventsFunction).
 *
 * @param busName     EVENT_BUS_NAME: the stack's bus
 * @param source      EVENT_SOURCE: the events' {@code source} (default {@code leadpipe})
 * @param linkBaseUrl LINK_BASE_URL: https base of the "I've got this" links in notices
 */
public record EventsConfig(String busName, String source, String linkBaseUrl) {

    public static final String DEFAULT_SOURCE = "leadpipe";

    public EventsConfig {
        if (busName == null || busName.isBlank()) {
            throw new IllegalArgumentException("EVENT_BUS_NAME is not set");
        }
    }

    public static EventsConfig from(Map<String, String> env) {
        String source = env.getOrDefault("EVENT_SOURCE", "");
        return new EventsConfig(env.get("EVENT_BUS_NAME"), source.isBlank() ? DEFAULT_SOURCE : source.strip(),
                env.getOrDefault("LINK_BASE_URL", "").replaceAll("/+$", ""));
    }
}
