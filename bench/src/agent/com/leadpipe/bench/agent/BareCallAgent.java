package com.leadpipe.bench.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * bench/snapstart only: a Java agent in the function's JVM that makes a request's bare SDK calls in
 * that same JVM, so they are timed with the function's own SDK classes (already compiled by its
 * JIT), HTTP client, heap and process, as the target "warm <= 1.15x its bare SDK calls" means.
 *
 * <p>It waits until the function has loaded {@code com.leadpipe.aws.AwsClients}, loads the
 * replayer ({@code BareReplayer}, bench/src/replayer) in a child of that class's loader, so the
 * replayer's SDK classes are the function's, then answers on a loopback port (written to a file):
 * each request is the calls as lines, an empty line ends it, and the answer is one line,
 * "milliseconds refused". Only JDK types cross between the loaders.
 *
 * <p>Agent argument: {@code portFile|replayerClassesDir}.
 */
public final class BareCallAgent {

    private BareCallAgent() {
    }

    public static void premain(String argument, Instrumentation instrumentation) {
        String[] parts = argument.split("\\|", 2);
        Path portFile = Path.of(parts[0]);
        Path replayerClasses = Path.of(parts[1]);
        Thread thread = new Thread(() -> serve(instrumentation, portFile, replayerClasses), "bench-bare-calls");
        thread.setDaemon(true);
        thread.start();
    }

    private static void serve(Instrumentation instrumentation, Path portFile, Path replayerClasses) {
        try {
            Function<String, String> replayer = replayer(instrumentation, replayerClasses);
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
                        Integer.toString(server.getLocalPort()));
                Files.move(written, portFile);
                while (true) {
                    try (Socket bench = server.accept()) {
                        bench.setTcpNoDelay(true);
                        answer(bench, replayer);
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("bench-bare-calls: " + e);
            e.printStackTrace();
        }
    }

    private static void answer(Socket bench, Function<String, String> replayer) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(bench.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = bench.getOutputStream();
        StringBuilder calls = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isEmpty()) {
                calls.append(line).append('\n');
                continue;
            }
            String answer;
            try {
                answer = replayer.apply(calls.toString());
            } catch (RuntimeException e) {
                answer = "error " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
            }
            out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            calls.setLength(0);
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<String, String> replayer(Instrumentation instrumentation, Path classes) throws Exception {
        ClassLoader function = null;
        for (int i = 0; i < 1200 && function == null; i++) { // up to a minute: the function's init loads it
            for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
                if (loaded.getName().equals("com.leadpipe.aws.AwsClients")) {
                    function = loaded.getClassLoader();
                }
            }
            if (function == null) {
                Thread.sleep(50);
            }
        }
        if (function == null) {
            throw new IllegalStateException("the function never loaded com.leadpipe.aws.AwsClients");
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, function);
        return (Function<String, String>) loader.loadClass("com.leadpipe.bench.replayer.BareReplayer")
                .getDeclaredConstructor().newInstance();
    }
}
