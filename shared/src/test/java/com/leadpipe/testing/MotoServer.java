package com.leadpipe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * moto's standalone server as a child process on a free loopback port: DynamoDB, SES, SESv2, SQS,
 * SNS and EventBridge Scheduler without Docker. One server answers every service (it routes on the
 * request's signing name), so all of them share one endpoint.
 *
 * <p>Its sent emails are read from {@code GET /moto-api/data.json}, moto's dump of every model
 * instance it holds: {@code ses.Message} for SES/SESv2 {@code Simple} sends (id, source,
 * destinations, subject, ONE body) and {@code ses.RawMessage} for {@code Raw} sends (id, source,
 * destinations, raw_data). moto keeps no send time. These lists only grow: nothing but
 * {@code POST /moto-api/reset}, which wipes every service, removes entries.
 */
public final class MotoServer implements AutoCloseable {

    static final String INSTALL_HINT = "Install moto's server into the Python that runs it: "
            + MotoPython.PIP_INSTALL + " (Python 3.9+; set " + MotoPython.ENV + " to choose the interpreter), "
            + "or start a Docker engine and use LEADPIPE_EMULATORS=localstack.";

    private static final int BIND_ATTEMPTS = 3;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Pattern MARKUP = Pattern.compile(
            "<\\s*(?:!doctype|html|head|body|p|div|span|a|table|tr|td|br|hr|h[1-6]|ul|ol|li|img|strong|em|b|i)"
                    + "(?:\\s[^>]*)?/?>",
            Pattern.CASE_INSENSITIVE);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** @throws EmulatorUnavailableException when moto is not installed or does not come up */
    public static MotoServer start(String python) {
        for (int attempt = 1; ; attempt++) {
            int port = Net.freeLoopbackPort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path log = tempLog();
            Process process = launch(python, port, log);
            try {
                awaitReady(process, endpoint, log);
                return new MotoServer(process, endpoint, log);
            } catch (PortTakenException e) {
                deleteQuietly(log);
                if (attempt == BIND_ATTEMPTS) {
                    throw new EmulatorUnavailableException("moto server could not bind a port: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                stop(process);
                deleteQuietly(log);
                throw e;
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The server's process, for tests of how it takes signals. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** Every email moto accepted since it started: Simple sends, then Raw sends, each oldest first. */
    public List<SentEmail> sentEmails() {
        return parseSentEmails(Net.getJson(endpoint.resolve("/moto-api/data.json")));
    }

    /** Destroys the server and anything it spawned (a reloader would fork a child). */
    @Override
    public void close() {
        stop(process);
        deleteQuietly(log);
    }

    /** moto's data.json to sent emails: Simple sends, then Raw sends (moto keeps them apart). */
    static List<SentEmail> parseSentEmails(JsonNode data) {
        JsonNode ses = data.path("ses");
        List<SentEmail> emails = new ArrayList<>();
        for (JsonNode m : ses.path("Message")) {
            List<String> to = new ArrayList<>();
            m.path("destinations").forEach(list -> list.forEach(a -> to.add(a.asText())));
            String body = textOrNull(m.path("body"));
            boolean html = body != null && MARKUP.matcher(body).find();
            emails.add(new SentEmail(
                    m.path("id").asText(),
                    m.path("source").asText(),
                    MimeMail.distinctBare(to),
                    textOrNull(m.path("subject")),
                    html ? null : body,
                    html ? body : null,
                    Map.of(),
                    null));
        }
        for (JsonNode m : ses.path("RawMessage")) {
            List<String> to = new ArrayList<>();
            m.path("destinations").forEach(a -> to.add(a.asText()));
            MimeMail raw = MimeMail.parse(m.path("raw_data").asText());
            String from = textOrNull(m.path("source"));
            emails.add(new SentEmail(
                    m.path("id").asText(),
                    raw.from() != null ? raw.from() : from,
                    MimeMail.distinctBare(to),
                    raw.subject(),
                    raw.text(),
                    raw.html(),
                    new LinkedHashMap<>(raw.headers()),
                    null));
        }
        return emails;
    }

    /**
     * {@code python -m moto.server}, plus a watchdog: moto exits when its stdin reaches end of file,
     * which happens when this JVM dies, even by SIGKILL, when no shutdown hook runs. So a killed
     * test run leaves no server behind. stdin stays an open pipe that this class never writes.
     * Ctrl-C is ignored: it reaches the whole process group at once, and the local runner still
     * needs moto while it stops (it saves its tables last); {@link #close()} ends it.
     *
     * <p>Two changes to moto's DynamoDB, both guarded (on a moto whose internals differ they are left
     * out, and only the dump is slower, or concurrent writes less safe):
     * <ul>
     *   <li>One DynamoDB request at a time. moto serves requests on many threads, and its
     *       TransactWriteItems checks and writes item by item, then undoes a cancelled transaction by
     *       putting back a copy of the whole table taken when it began: concurrent requests could
     *       both pass a condition, or have their writes undone by someone else's cancelled
     *       transaction. DynamoDB is atomic and isolated per transaction; one at a time is the
     *       closest moto gets (the loser of a race then sees ConditionalCheckFailed, never
     *       TransactionConflict). Its change stream (GetRecords) takes the same lock, so a reader
     *       never sees the records of a transaction that is then undone.</li>
     *   <li>Items left out of moto's instance tracking: for its dashboard (data.json) moto keeps
     *       every model object it ever made, so every version of every item would stay in memory and
     *       in the dump {@link #sentEmails()} reads, slower with each write.</li>
     * </ul>
     */
    private static final String LAUNCHER = """
            import os, signal, sys, threading
            import moto.server
            from moto.server import main
            def exit_with_parent():
                sys.stdin.buffer.read()
                os._exit(0)
            def one_dynamodb_request_at_a_time():
                try:
                    from moto.dynamodb.responses import DynamoHandler
                    lock = threading.Lock()
                    call_action = DynamoHandler.call_action
                    def call_action_alone(self):
                        with lock:
                            return call_action(self)
                    DynamoHandler.call_action = call_action_alone
                    # The change stream under the same lock: a reader never sees a transaction half done.
                    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler
                    streams_call_action = DynamoDBStreamsHandler.call_action
                    def streams_call_action_alone(self):
                        with lock:
                            return streams_call_action(self)
                    DynamoDBStreamsHandler.call_action = streams_call_action_alone
                except Exception:
                    pass
            def untrack_dynamodb_items():
                try:
                    from moto.core.model_instances import model_data
                    from moto.dynamodb.models.dynamo_type import Item
                    class Untracked(list):
                        def append(self, instance):
                            pass
                    Item.instances_tracked = Untracked()
                    model_data.get("dynamodb", {}).pop("Item", None)
                except Exception:
                    pass
            def exit_on_term_only(signum, frame):
                if signum != signal.SIGINT:
                    sys.exit(0)
            moto.server.signal_handler = exit_on_term_only  # main() installs it for SIGINT and SIGTERM
            threading.Thread(target=exit_with_parent, daemon=True).start()
            one_dynamodb_request_at_a_time()
            untrack_dynamodb_items()
            main()
            """;

    private static Process launch(String python, int port, Path log) {
        try {
            return new ProcessBuilder(python, "-c", LAUNCHER, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile()) // a file, not a pipe: an unread pipe would block moto
                    .start();
        } catch (IOException e) {
            throw new EmulatorUnavailableException(
                    "Cannot run '" + python + "' for moto server (" + e.getMessage() + "). " + INSTALL_HINT, e);
        }
    }

    private static void awaitReady(Process process, URI endpoint, Path log) {
        URI probe = endpoint.resolve("/moto-api/data.json");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = read(log);
                if (output.contains("Address already in use")) {
                    throw new PortTakenException(endpoint.toString());
                }
                throw new EmulatorUnavailableException("moto server exited with code " + process.exitValue()
                        + ":\n" + tail(output) + "\n" + INSTALL_HINT);
            }
            if (Net.answers(probe)) {
                return;
            }
            try {
                // Doubles as the poll interval and returns at once if moto dies meanwhile.
                process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmulatorUnavailableException("interrupted while waiting for moto server", e);
            }
        }
        throw new EmulatorUnavailableException("moto server did not answer at " + endpoint + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s:\n" + tail(read(log)));
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static Path tempLog() {
        try {
            return Files.createTempFile("leadpipe-moto-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static String tail(String output) {
        return output.length() <= 2000 ? output : "..." + output.substring(output.length() - 2000);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String endpoint) {
            super(endpoint + " was taken");
        }
    }
}
