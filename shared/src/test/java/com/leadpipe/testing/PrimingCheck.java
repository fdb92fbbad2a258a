package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.priming.Priming;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
        check(aws, table, priming, () -> logs);
    }

    /** The same, on a test's own backend: its table, its captured log. */
    public static void assertHarmless(EmulatedBackend backend, Priming priming) {
        backend.logs.clear();
        check(EmulatedBackend.AWS, backend.table, priming, backend.logs::lines);
    }

    private static void check(AwsEmulators aws, String table, Priming priming, Supplier<List<String>> logged) {
        List<Map<String, AttributeValue>> before = aws.dynamoDb().scan(r -> r.tableName(table)).items();
        int mailsBefore = aws.sentEmails().size();

        int failed = priming.prime();

        List<String> logs = logged.get();
        assertThat(failed).as("failed priming steps; logs: %s", logs).isZero();
        assertThat(aws.dynamoDb().scan(r -> r.tableName(table)).items()).as("items after priming")
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(aws.sentEmails()).as("mails after priming").hasSize(mailsBefore);
        assertThat(logs).as("priming is reported once, its synthetic requests are not logged")
                .filteredOn(l -> !l.contains("\"event\":\"priming.done\"")).isEmpty();
        assertThat(logs).anySatisfy(l -> assertThat(l).contains("\"event\":\"priming.done\"", "\"failed\":0"));
    }
}
