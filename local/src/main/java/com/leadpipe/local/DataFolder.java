package com.leadpipe.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The folder local data lives in across restarts ({@code .local-data/} by default, gitignored):
 * the runner's tables ({@link TableSnapshot}), and the clock's last reading, so that after a
 * fast-clock preview the clock does not run backwards on the next start (stored signups would be
 * in the future). Locked while a runner uses it: two runners saving one snapshot would each
 * overwrite the other's signups.
 */
final class DataFolder implements AutoCloseable {

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;

    private DataFolder(Path dir, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    static DataFolder open(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(dir + " is in use by another local runner. Stop that one, or start"
                        + " this one with --in-memory or --data <another folder>.");
            }
            return new DataFolder(dir, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " for local data", e);
        }
    }

    /** The tables' snapshot. */
    Path tables() {
        return dir.resolve("tables.json");
    }

    /**
     * The tables saved here put into {@code tables} (created, empty), and a snapshot that keeps
     * saving them here. The database of the emulator used before moto ({@code dynamodb/}) is
     * never read: only that emulator knows its format.
     */
    TableSnapshot restoreTables(DynamoDbClient dynamoDb, Collection<String> tables, PrintStream console) {
        if (Files.isDirectory(dir.resolve("dynamodb")) && !Files.exists(tables())) {
            console.println("[local] " + dir.resolve("dynamodb") + " holds tables of the emulator the runner used"
                    + " before moto: they are not loaded (delete that folder once you no longer need it).");
        }
        return TableSnapshot.restore(dynamoDb, tables(), tables, console);
    }

    /** Where the clock stood when the last runner on this folder stopped. */
    Optional<Instant> savedClock() {
        Path file = dir.resolve("clock");
        try {
            return Files.isRegularFile(file) ? Optional.of(Instant.parse(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty(); // unreadable: start from real time
        }
    }

    void saveClock(Instant now) {
        try {
            Files.writeString(dir.resolve("clock"), now + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("[local] cannot save the clock to " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
