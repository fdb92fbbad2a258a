package com.leadpipe.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * The bare SDK calls of a request, made in the function's own JVM: this side sends the calls the
 * relay saw to the bench's agent there ({@code bench/src/agent}: {@code BareCallAgent}, which runs
 * {@code bench/src/replayer}: {@code BareReplayer}, over the function's own SDK classes) and reads
 * back how long they took, timed in that JVM, and how many writes the table refused.
 */
final class BareCalls implements AutoCloseable {

    /** What one replay took, in the function's JVM. */
    record Result(double ms, int refused) {
    }

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private BareCalls(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Whether every call of the list is one the replayer can make again. */
    static boolean supported(List<Relay.Call> calls) {
        for (Relay.Call c : calls) {
            boolean dynamoDb = c.operation().startsWith("DynamoDB.");
            if (c.body() == null || !(dynamoDb || c.operation().equals("SESv2.SendEmail"))) {
                return false;
            }
        }
        return true;
    }

    /** Connects to the agent of a function JVM once it has written its port (after the function's init). */
    static BareCalls connect(Path portFile) throws IOException {
        for (int i = 0; i < 600 && !Files.exists(portFile); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (!Files.exists(portFile)) {
            throw new IOException("the bare-call agent wrote no port to " + portFile + " (see the function's log)");
        }
        int port = Integer.parseInt(Files.readString(portFile).trim());
        return new BareCalls(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Has the calls made again, in order, in the function's JVM. */
    Result run(List<Relay.Call> calls) {
        StringBuilder request = new StringBuilder();
        for (Relay.Call c : calls) {
            request.append(c.operation()).append('\t')
                    .append(Base64.getEncoder().encodeToString(c.body().getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        request.append('\n');
        try {
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = in.readLine();
            if (answer == null || answer.startsWith("error")) {
                throw new IllegalStateException("bare calls failed in the function's JVM: " + answer);
            }
            String[] parts = answer.split(" ");
            return new Result(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
