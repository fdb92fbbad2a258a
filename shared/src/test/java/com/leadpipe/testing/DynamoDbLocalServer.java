package com.leadpipe.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.BindException;
import java.net.URI;

/**
 * DynamoDB Local, in this JVM, in memory, over HTTP on a free port: the same wire protocol the
 * functions speak to DynamoDB, with no Docker and no separate Java process.
 *
 * <p>DynamoDB Local 2.6 ships sqlite4java's native library inside its own jar and extracts it to
 * the temp directory by itself, so no {@code sqlite4java.library.path} setup is needed. It binds
 * all interfaces (it has no host option); the endpoint given out is loopback.
 */
final class DynamoDbLocalServer implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private boolean stopped;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static DynamoDbLocalServer start() {
        for (int attempt = 1; ; attempt++) {
            int port = Net.freeLoopbackPort();
            try {
                // -sharedDb: one database whatever the credentials/region, as clients built
                // elsewhere in a test (other keys) must see the same tables.
                // -disableTelemetry: otherwise it phones home and writes
                // dynamodb-local-metadata.json into the working directory (the module folder).
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
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

    URI endpoint() {
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
