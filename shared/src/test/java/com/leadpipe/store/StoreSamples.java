package com.leadpipe.store;

import com.leadpipe.campaign.Survey.Axis;
import com.leadpipe.campaign.Survey.Temperature;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.Nurture;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.subscribe.Signup;
import com.leadpipe.survey.Qualifier;
import com.leadpipe.testing.RecordingClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Records and tables for the store's unit tests: times with microseconds, as the table keeps them. */
final class StoreSamples {

    static final String TABLE = "leads";
    static final Instant SIGNED_UP = Instant.parse("2026-11-23T10:16:26.512345Z");
    static final Instant CONFIRMED = SIGNED_UP.plus(Duration.ofMinutes(3));
    static final String ADDRESS_KEY = "ab".repeat(32);
    static final String LEAD_PK = "LEAD#demo#" + ADDRESS_KEY;

    private StoreSamples() {
    }

    /** A table whose client answers every call with an empty response. */
    static DynamoTable table() {
        return new DynamoTable(RecordingClient.of(DynamoDbClient.class).client(), TABLE);
    }

    /** A table whose client answers as given (operation name to answer, which may throw). */
    static DynamoTable table(Map<String, Function<Object, Object>> answers) {
        return new DynamoTable(RecordingClient.of(DynamoDbClient.class, answers).client(), TABLE);
    }

    static Signup.ConsentEvidence signupEvidence() {
        return new Signup.ConsentEvidence(SIGNED_UP, "203.0.113.7", "Mozilla/5.0", "2026-11-01", "Yes, email me");
    }

    static Pending pending() {
        return new Pending("demo", ADDRESS_KEY, "sub-1", new EmailAddress("ada@example.com"),
                Map.of("firstName", "Ada", "role", "Developer"), signupEvidence(), SIGNED_UP.plus(Duration.ofDays(7))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS), MailState.SENDING, Map.of(), List.of(),
                Map.of("utm_source", "newsletter"));
    }

    /** A pending signup whose person answered the survey twice before confirming. */
    static Pending answeredPending() {
        Pending p = pending();
        return new Pending(p.campaignId(), p.addressKey(), p.submissionId(), p.email(), p.fields(), p.signup(),
                p.expiresAt(), p.mailState(), Map.of("stage", List.of("launched")),
                List.of(new SurveyEntry(SIGNED_UP.plusSeconds(30), Map.of("stage", List.of("idea"))),
                        new SurveyEntry(SIGNED_UP.plusSeconds(60), Map.of("stage", List.of("launched")))),
                p.attribution());
    }

    static Token token(String hash, TokenPurpose purpose) {
        return new Token(hash, purpose, "demo", ADDRESS_KEY, "sub-1", SIGNED_UP,
                SIGNED_UP.plus(Duration.ofHours(48)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Optional.empty());
    }

    static Evidence confirmation() {
        return new Evidence(CONFIRMED, "198.51.100.4", "Mozilla/5.0 (phone)");
    }

    static Qualifier.Qualification warm() {
        return new Qualifier.Qualification(Map.of(Axis.INTEREST, 5, Axis.BUDGET, 2, Axis.FIT, 3), 10,
                Temperature.WARM, Qualifier.Stage.ENGAGED, Set.of("launched", "nurture-basics"));
    }

    static Lead lead() {
        return new Lead("demo", ADDRESS_KEY, "lead-1", "sub-1", new EmailAddress("ada@example.com"), Map.of(),
                LeadStatus.CONFIRMED, CONFIRMED, CONFIRMED, signupEvidence(), confirmation(), Map.of(),
                Qualifier.Qualification.unanswered(true), Map.of(), new Nurture(Set.of(), Optional.empty(), Optional.empty()));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
