package com.leadpipe.functions.events;

/** Events the function gets besides stream batches. */
final class LeadEventsTestEvents {

    /** EventBridge's scheduled event, as the every-minute rule sends it. */
    static final String SCHEDULED = """
            {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",
            "source":"aws.events","account":"123456789012","time":"2026-12-02T05:00:00Z","region":"us-east-1",
            "resources":["arn:aws:events:us-east-1:123456789012:rule/reminders"],"detail":{}}
            """;

    private LeadEventsTestEvents() {
    }
}
