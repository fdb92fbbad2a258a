package com.leadpipe.testing;

import com.leadpipe.log.Log;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The log lines the code under test wrote, to assert on; thread-safe, for tests that send
 * requests in parallel. Registered as an extension ({@code @RegisterExtension final CapturedLog
 * logs = new CapturedLog();}) it prints them after each test, so they stand in the test report
 * next to any failure.
 */
public final class CapturedLog implements AfterEachCallback {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    /** A logger writing here at INFO and above. */
    public Log log(String component, Clock clock) {
        return new Log(component, lines::add, Log.Level.INFO, clock);
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Forgets the lines so far: what follows is the next step's. */
    public void clear() {
        lines.clear();
    }

    /** All lines, one per line, for {@code contains}/{@code doesNotContain} checks. */
    public String text() {
        return String.join("\n", lines());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (String line : lines()) {
            System.out.println(line);
        }
    }
}
