package com.leadpipe.functions.events;

/** Stream records for priming: shaped as Lambda delivers them, of leads and items nobody has. */
final class PrimingEvents {

    private PrimingEvents() {
    }

    /** A lead of {@code campaign} confirmed (INSERT): mapped, never published. */
    static String leadConfirmed(String campaign) {
        String key = "0".repeat(64);
        return """
                {"Records":[{"eventID":"priming","eventName":"INSERT","eventSource":"aws:dynamodb","dynamodb":{
                "ApproximateCreationDateTime":0,"SequenceNumber":"0","Keys":{"PK":{"S":"LEAD#%1$s#%2$s"},"SK":{"S":"LEAD"}},
                "NewImage":{"PK":{"S":"LEAD#%1$s#%2$s"},"SK":{"S":"LEAD"},"campaign":{"S":"%1$s"},"addressKey":{"S":"%2$s"},
                "leadId":{"S":"priming"},"submissionId":{"S":"priming"},"email":{"S":"priming@example.invalid"},
                "status":{"S":"CONFIRMED"},"fields":{"M":{}},"attribution":{"M":{}},"survey":{"M":{}},
                "createdAt":{"S":"2026-01-01T00:00:00Z"},"confirmedAt":{"S":"2026-01-01T00:00:00Z"},
                "confirmAt":{"S":"2026-01-01T00:00:00Z"},"confirmIp":{"S":"203.0.113.1"},"confirmUserAgent":{"S":"priming"},
                "signupAt":{"S":"2026-01-01T00:00:00Z"},"signupIp":{"S":"203.0.113.1"},"signupUserAgent":{"S":"priming"},
                "signupConsentVersion":{"S":"priming"},"signupConsentText":{"S":"priming"}}}}]}
                """.formatted(campaign, key);
    }

    /** A ledger item appended (INSERT): no lead item, so no event and no notice. */
    static String ledgerInsert() {
        return """
                {"Records":[{"eventID":"priming","eventName":"INSERT","eventSource":"aws:dynamodb","dynamodb":{
                "ApproximateCreationDateTime":0,"SequenceNumber":"0","Keys":{"PK":{"S":"LEAD#priming#0"},"SK":{"S":"EVENT#0"}},
                "NewImage":{"PK":{"S":"LEAD#priming#0"},"SK":{"S":"EVENT#0"},"type":{"S":"priming"}}}}]}
                """;
    }
}
