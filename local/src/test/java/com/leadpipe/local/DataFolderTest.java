package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheClockForTheNextRun() {
        Instant ahead = Instant.parse("2027-01-01T00:00:00Z");
        try (DataFolder data = DataFolder.open(dir.resolve("data"))) {
            assertThat(data.savedClock()).isEmpty();
            data.saveClock(ahead);
        }
        try (DataFolder data = DataFolder.open(dir.resolve("data"))) {
            assertThat(data.savedClock()).contains(ahead);
            assertThat(data.tables()).isEqualTo(dir.resolve("data/tables.json"));
        }
    }

    @Test
    void oneRunnerAtATime() {
        try (DataFolder first = DataFolder.open(dir)) {
            assertThat(first.toString()).isEqualTo(dir.toString());
            assertThatThrownBy(() -> DataFolder.open(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another local runner").hasMessageContaining("--in-memory");
        }
        DataFolder.open(dir).close(); // free again once the first stopped
    }

    @Test
    void anUnreadableClockFileMeansRealTime() throws Exception {
        Files.writeString(dir.resolve("clock"), "yesterday");
        try (DataFolder data = DataFolder.open(dir)) {
            assertThat(data.savedClock()).isEmpty();
        }
    }
}
