package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.priming.Priming;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What SnapStart priming promises, checked against the emulators: every step succeeds, and it
 * writes no item and sends no mail (the table is scanned whole before and after: a test table is small).
 */
public final class PrimingCheck {

    private PrimingCheck() {
    }

    public static void assertHarmless(AwsEmulators aws, String table, Priming priming, List<String> logs) {
        logs.clear();
        List<Map<String, AttributeValue>> before = aws.dynamoDb().scan(r -> r.tableName(table)).items();
        int mailsBefore = aws.sentEmails().size();

        int failed = priming.prime();

        assertThat(failed).as("failed priming steps; logs: %s", logs).isZero();
        assertThat(aws.dynamoDb().scan(r -> r.tableName(table)).items()).as("items after priming")
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(aws.sentEmails()).as("mails after priming").hasSize(mailsBefore);
        assertThat(logs).as("priming is reported once, its synthetic requests are not logged")
                .filteredOn(l -> !l.contains("\"event\":\"priming.done\"")).isEmpty();
        assertThat(logs).anySatisfy(l -> assertThat(l).contains("\"event\":\"priming.done\"", "\"failed\":0"));
    }
}
