package com.leadpipe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback between SDK clients and an emulator, which misbehaves on demand the way
 * a faltering dependency does: {@link Mode#PASS} forwards, {@link Mode#HANG} accepts and never
 * answers (a stalled service), {@link Mode#RESET} resets each connection, {@link Mode#REFUSE}
 * stops listening (connection refused), {@link Mode#SLOW} forwards requests at once but holds
 * every response chunk back (the service did the work; the client gives up before it hears so).
 * {@link Mode#LOSE_ANSWERS} forwards everything but never relays the answer to a request that
 * contains {@link #loseAnswersTo(String) a marker} (e.g. {@code TransactWriteItems}): the write is
 * applied, the client never hears so. A mode change drops the connections open at that moment, so
 * pooled ones see it too.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Mode { PASS, HANG, RESET, REFUSE, SLOW, LOSE_ANSWERS }

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile Duration slowBy = Duration.ofSeconds(1);
    private volatile String loseAnswersTo = "";
    private volatile ServerSocket server;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    /** A proxy in front of {@code endpoint} (http://host:port), passing traffic until told otherwise. */
    public static FaultProxy to(URI endpoint) {
        try {
            return new FaultProxy(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fault proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Mode mode() {
        return mode;
    }

    /** How long {@link Mode#SLOW} holds each response chunk. */
    public FaultProxy slowBy(Duration delay) {
        this.slowBy = delay;
        return this;
    }

    /** Which requests {@link Mode#LOSE_ANSWERS} applies to: those whose bytes contain {@code marker}. */
    public FaultProxy loseAnswersTo(String marker) {
        this.loseAnswersTo = marker;
        return this;
    }

    public synchronized FaultProxy mode(Mode next) {
        this.mode = next;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        try {
            if (next == Mode.REFUSE && server != null) {
                server.close();
                server = null;
            } else if (next != Mode.REFUSE && server == null) {
                server = listen(port);
                accept(server);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot switch fault proxy to " + next, e);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        closed = true;
        mode(Mode.REFUSE);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void accept(ServerSocket listening) {
        Thread.ofVirtual().name("fault-proxy-accept").start(() -> {
            while (!listening.isClosed() && !closed) {
                try {
                    Socket client = listening.accept();
                    open.add(client);
                    Thread.ofVirtual().start(() -> serve(client));
                } catch (IOException e) {
                    return; // closed: REFUSE or close()
                }
            }
        });
    }

    private void serve(Socket client) {
        try {
            switch (mode) {
                case HANG -> client.getInputStream().transferTo(OutputStream.nullOutputStream());
                case RESET -> {
                    client.setSoLinger(true, 0); // close sends RST
                    client.close();
                }
                case REFUSE -> client.close();
                case PASS, SLOW, LOSE_ANSWERS -> forward(client);
            }
        } catch (IOException e) {
            // The peer or a mode change closed it: what a faltering service does.
        } finally {
            open.remove(client);
            closeQuietly(client);
        }
    }

    private void forward(Socket client) throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.connect(target, 2000);
            open.add(upstream);
            AtomicBoolean answerLost = new AtomicBoolean();
            Thread requests = Thread.ofVirtual().start(() -> pump(client, upstream, true, answerLost));
            pump(upstream, client, false, answerLost);
            requests.interrupt();
        } finally {
            open.remove(client);
        }
    }

    /**
     * Copies {@code from} to {@code to}. Requests that carry the marker set {@code answerLost} in
     * LOSE_ANSWERS mode; responses on that connection are then swallowed. SLOW holds responses.
     */
    private void pump(Socket from, Socket to, boolean request, AtomicBoolean answerLost) {
        boolean slow = !request && mode == Mode.SLOW;
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (slow) {
                    Thread.sleep(slowBy.toMillis());
                }
                if (request && mode == Mode.LOSE_ANSWERS && !loseAnswersTo.isEmpty()
                        && new String(buffer, 0, n, StandardCharsets.ISO_8859_1).contains(loseAnswersTo)) {
                    answerLost.set(true);
                }
                if (!request && answerLost.get()) {
                    continue; // applied upstream, never heard of by the client
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // closed by the other side or a mode change
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
