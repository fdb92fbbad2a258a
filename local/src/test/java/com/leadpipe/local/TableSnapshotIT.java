package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.testing.AwsEmulators;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tables saved to a file and put back, against the test emulators' DynamoDB. */
class TableSnapshotIT {

    static DynamoDbClient dynamoDb;
    static String table;

    @TempDir
    Path dir;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void table() {
        dynamoDb = AwsEmulators.get().dynamoDb();
        table = AwsEmulators.get().createTable();
    }

    @Test
    void savedItemsComeBackIntoEmptyTablesAndOtherTablesInTheFileAreKept() throws Exception {
        // GIVEN more items than one BatchWriteItem takes, saved, and a table of another template in the file
        Path file = dir.resolve("tables.json");
        Files.writeString(file, "{\"format\": \"" + TableSnapshot.FORMAT + "\", \"tables\": {\"other-template-table\": "
                + "[{\"PK\": {\"S\": \"x\"}, \"SK\": {\"S\": \"y\"}}]}}");
        List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, AttributeValue> item = new HashMap<>(Map.of(LeadpipeTable.PK, AttributeValue.fromS("p" + i),
                    LeadpipeTable.SK, AttributeValue.fromS("s"), "n", AttributeValue.fromN(Integer.toString(i)),
                    "tags", AttributeValue.fromSs(List.of("a", "b" + i))));
            items.add(item);
        }
        TableSnapshot first = TableSnapshot.restore(dynamoDb, file, List.of(table), out);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("restored 0 items").contains("[other-template-table]");
        items.forEach(item -> dynamoDb.putItem(r -> r.tableName(table).item(item)));
        assertThat(first.save()).isTrue();
        assertThat(first.save()).as("nothing changed: not written again").isFalse();

        // WHEN the items are gone (a new emulator) and the file is restored
        items.forEach(item -> dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of(LeadpipeTable.PK, item.get(LeadpipeTable.PK),
                LeadpipeTable.SK, item.get(LeadpipeTable.SK)))));
        TableSnapshot second = TableSnapshot.restore(dynamoDb, file, List.of(table), out);

        // THEN every item is back as it was, and the other table is still in the file after a save
        assertThat(dynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items())
                .containsExactlyInAnyOrderElementsOf(items);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("restored 60 items from " + file);
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(LeadpipeTable.PK, AttributeValue.fromS("new"),
                LeadpipeTable.SK, AttributeValue.fromS("s"))));
        second.close();
        assertThat(file).content().contains("other-template-table").contains("\"new\"");
        assertThat(dir.resolve("tables.json.tmp")).doesNotExist();
    }

    @Test
    void aFileThatIsNoSnapshotIsNotOverwritten() throws Exception {
        Path file = dir.resolve("tables.json");
        Files.writeString(file, "{\"something\": \"else\"}");

        assertThatThrownBy(() -> TableSnapshot.restore(dynamoDb, file, List.of(table), out))
                .hasMessageContaining("is not a table snapshot").hasMessageContaining("move it away");
        assertThat(file).content().isEqualTo("{\"something\": \"else\"}");
    }
}
