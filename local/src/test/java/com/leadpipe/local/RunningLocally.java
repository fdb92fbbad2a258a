package com.leadpipe.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A runner started in this JVM for a test class, on a free port, and an HTTP client for it that
 * does not follow redirects (tests look at each 303). The runner's console goes to stdout (the
 * failsafe report) and is kept for assertions.
 */
final class RunningLocally implements AutoCloseable {

    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) LeadpipeLocalIT";

    final LocalRunner runner;
    private final ByteArrayOutputStream console;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RunningLocally(LocalRunner runner, ByteArrayOutputStream console) {
        this.runner = runner;
        this.console = console;
    }

    /** In memory, any free port, the repository's template; {@code options} adjusts the rest. */
    static RunningLocally start(UnaryOperator<Options> options) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                console.write(b);
                System.out.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                console.write(b, off, len);
                System.out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        Options base = Options.defaults().inMemory().withPort(0)
                .withTemplate(Repository.ROOT.resolve("template.yaml"))
                .withCampaigns(Repository.ROOT.resolve("campaigns"));
        return new RunningLocally(LocalRunner.start(options.apply(base), tee), console);
    }

    String console() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    URI url(String pathAndQuery) {
        return runner.url().resolve(pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(url(pathAndQuery)).GET().build());
    }

    HttpResponse<String> get(URI uri) {
        return send(request(uri).GET().build());
    }

    HttpResponse<String> postForm(String path, String form) {
        return send(request(url(path)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    HttpResponse<String> post(String pathAndQuery) {
        return send(request(url(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> send(String method, String path) {
        return send(request(url(path)).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("user-agent", USER_AGENT);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code assertion} until it passes or {@code within} is over (then its last failure is thrown). */
    static void eventually(Duration within, Runnable assertion) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100); // the poll interval of this wait, not a guess at how long something takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
