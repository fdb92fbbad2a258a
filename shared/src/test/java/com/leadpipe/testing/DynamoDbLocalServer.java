package com.leadpipe.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local, in this JVM, over HTTP on a free port: the same wire protocol the functions
 * speak to DynamoDB, with no Docker and no separate Java process. In memory for tests; the local
 * runner (module {@code local}) keeps its data in a folder instead.
 *
 * <p>DynamoDB Local 2.6 ships sqlite4java's native library inside its own jar and extracts it to
 * the temp directory by itself, so no {@code sqlite4java.library.path} setup is needed. It binds
 * all interfaces (it has no host option); the endpoint given out is loopback.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private boolean stopped;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** In memory: every table is gone when it stops. */
    public static DynamoDbLocalServer start() {
        return start(List.of("-inMemory"));
    }

    /** Tables kept in {@code dataDir} (created if missing), so they survive a restart. */
    public static DynamoDbLocalServer start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        return start(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
    }

    private static DynamoDbLocalServer start(List<String> storage) {
        for (int attempt = 1; ; attempt++) {
            int port = Net.freeLoopbackPort();
            try {
                // -sharedDb: one database whatever the credentials/region, as clients built
                // elsewhere in a test (other keys) must see the same tables.
                // -disableTelemetry: otherwise it phones home and writes
                // dynamodb-local-metadata.json into the working directory (the module folder).
                List<String> args = new ArrayList<>(storage);
                args.addAll(List.of("-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)));
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
                server.start();
                return new DynamoDbLocalServer(server, URI.create("http://127.0.0.1:" + port));
            } catch (NoClassDefFoundError e) {
                throw new EmulatorUnavailableException("DynamoDB Local is not on the test classpath ("
                        + e.getMessage() + "): add the test dependency com.amazonaws:DynamoDBLocal.", e);
            } catch (Exception e) {
                if (isBindFailure(e) && attempt < BIND_ATTEMPTS) {
                    continue; // the free port was taken meanwhile: pick another
                }
                throw new EmulatorUnavailableException("DynamoDB Local did not start: " + e, e);
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("[leadpipe] DynamoDB Local did not stop cleanly: " + e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
