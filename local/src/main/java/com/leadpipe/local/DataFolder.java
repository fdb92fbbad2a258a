package com.leadpipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The folder local data lives in across restarts ({@code .local-data/} by default, gitignored):
 * DynamoDB Local's tables, and the clock's last reading, so that after a fast-clock preview the
 * clock does not run backwards on the next start (stored signups would be in the future). Locked
 * while a runner uses it: two DynamoDB Local instances on one database file corrupt it.
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

    Path dynamoDb() {
        return dir.resolve("dynamodb");
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
