package com.leadpipe.priming;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import com.leadpipe.json.JsonTree;
import com.leadpipe.token.Tokens;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: the work a function's first request would otherwise pay for after every
 * restore (loading and compiling campaigns, rendering pages and mail, parsing requests, the first
 * call of each SDK client) done once in {@link #beforeCheckpoint}, so it is in the snapshot.
 *
 * <p>Steps must be harmless: reads of keys that cannot exist, requests answered without writing
 * (a honeypot signup, a link token nobody minted), mail rendered but not sent. A failing step is
 * logged and skipped: priming makes restores faster, it must never stop a version from publishing.
 * Log lines of the steps themselves are muted so they don't count as traffic.
 *
 * <p>It ends with a young collection ({@link YoungCollection}): the snapshot holds no priming
 * garbage, and no full collection un-warms the compiled code.
 *
 * <p>{@link #afterRestore} re-seeds what must differ between containers restored from one snapshot
 * (the token generator's random source) and tells the log that the next invocation is a restore.
 */
public final class Priming implements Resource {

    /** One piece of priming work; may throw, which is logged. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /**
     * Rounds of each step. The JIT compiles the request path before the snapshot only if priming
     * runs it often enough: a method a request calls once is compiled by C1 (the only compiler
     * under the template's {@code -XX:TieredStopAtLevel=1}) after 200 calls
     * ({@code Tier3InvocationThreshold}), but the interpreter tells the compiler a method's count
     * only every 128 calls ({@code Tier0InvokeNotifyFreqLog}), so it is queued at the 256th
     * ({@link #COMPILED_AFTER}). Rounds stop well past that, so the queue is worked off before the
     * snapshot; at 250 the page path's once-a-request methods were compiled by its 6th request
     * after every restore, running interpreted until then (bench/snapstart --class-log).
     * <ul>
     *   <li>Rehearsal steps (in-process, {@link Rehearsal}) compile our code and the SDK's pipeline.</li>
     *   <li>Warming calls ({@link #warm}: a read of a key that cannot exist, a write refused by a
     *       condition that never holds) compile the JDK's HTTP client under
     *       {@code UrlConnectionHttpClient}, which no offline client reaches and every real client
     *       shares; a few seconds of snapshot creation, no visitor's time.</li>
     *   <li>Other real steps (a real client's whole path, refused writes, mail to the simulator) run
     *       a few times: enough to load their classes, few enough for SES's rates.</li>
     * </ul>
     * With 60 rehearsal rounds and 3 real ones the page path ran interpreted for a container's
     * first hundred-odd requests after every restore (bench/snapstart, Pages: warm requests at 13 ms
     * falling to 11 by the 40th); with these, a flat 10 ms.
     */
    public static final int REAL_ROUNDS = 3;
    public static final int WARMING_ROUNDS = 300;
    public static final int REHEARSAL_ROUNDS = 300;
    /** The call at which C1 takes a method called once a round (see {@link #REAL_ROUNDS}). */
    static final int COMPILED_AFTER = 256;

    private record Named(String name, int rounds, Step step) {
    }

    private final Log log;
    private final List<Named> steps = new ArrayList<>();
    private final List<Runnable> cleanups = new ArrayList<>();
    /** Collections this JVM had made when priming ended, or -1 before. */
    private volatile long collectionsAtCheckpoint = -1;

    public Priming(Log log) {
        this.log = log;
    }

    /** A harmless step with real clients, run {@link #REAL_ROUNDS} times. */
    public Priming step(String name, Step step) {
        steps.add(new Named(name, REAL_ROUNDS, step));
        return this;
    }

    /**
     * A call with a real client that cannot change anything (a read of a key that cannot exist, a
     * write refused by its condition; never mail), run {@link #WARMING_ROUNDS} times so the HTTP
     * path it takes is compiled.
     */
    public Priming warm(String name, Step call) {
        steps.add(new Named(name, WARMING_ROUNDS, call));
        return this;
    }

    /** A step on a {@link Rehearsal}'s offline clients, run {@link #REHEARSAL_ROUNDS} times. */
    public Priming rehearse(String name, Step step) {
        steps.add(new Named(name, REHEARSAL_ROUNDS, step));
        return this;
    }

    /** Runs once after every step, failed or not (a rehearsal forgets its items and mails). */
    public Priming afterAll(Runnable cleanup) {
        cleanups.add(cleanup);
        return this;
    }

    /** Invokes a stream handler with {@code event} as the runtime would; returns what it wrote. */
    public static byte[] invoke(RequestStreamHandler handler, HttpApiStream.WireEvent event) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(event.stream(), response, null);
        return response.toByteArray();
    }

    /**
     * Invokes an HTTP handler of a rehearsal, which must answer a success or a redirect: a rehearsal
     * that went off the path it primes is reported as a failed step.
     *
     * @return the answer's headers
     */
    public static Map<String, Object> rehearse(RequestStreamHandler handler, HttpApiStream.WireEvent event)
            throws IOException {
        Object answer = JsonTree.parse(new String(invoke(handler, event), StandardCharsets.UTF_8));
        Object status = answer instanceof Map<?, ?> map ? map.get("statusCode") : null;
        if (!(status instanceof Number n) || n.intValue() >= 400) {
            throw new IllegalStateException("rehearsal of " + event.routeKey() + " answered " + status);
        }
        return JsonTree.object(answer, "headers");
    }

    /**
     * Registers with the global CRaC context, which Lambda's runtime calls around the snapshot. The
     * caller keeps a reference to this object (a field of the handler): contexts may hold resources
     * weakly.
     */
    public Priming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    /**
     * Classes of the Lambda runtime interface client that its first invocation after a restore
     * loads and that no handler code reaches (the context object, the X-Ray trace-id holder),
     * seen with {@code bench/snapstart --class-log}. Loaded, not initialised, before the snapshot;
     * a name the runtime version in use does not have is skipped.
     */
    static final List<String> RUNTIME_CLASSES = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.util.ConcurrencyConfig",
            "com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext",
            "com.amazonaws.services.lambda.runtime.LambdaRuntimeInternal",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal",
            "java.lang.InheritableThreadLocal",
            "jdk.internal.event.ThreadSleepEvent");

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
        loadRuntimeClasses();
        long started = System.nanoTime();
        boolean collected = YoungCollection.run();
        collectionsAtCheckpoint = YoungCollection.collections();
        log.info("priming.young_collection", "ran", collected, "ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** @return how many of {@link #RUNTIME_CLASSES} this JVM has */
    static int loadRuntimeClasses() {
        int loaded = 0;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : RUNTIME_CLASSES) {
            try {
                Class.forName(name, false, loader == null ? ClassLoader.getSystemClassLoader() : loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // Another runtime version, or run outside Lambda: nothing to load.
            }
        }
        return loaded;
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Tokens.reseed();
        log.restored();
        // 0 unless something collected between priming and the snapshot (the runtime's System.gc()
        // would, without -XX:+DisableExplicitGC), which un-warms the compiled code.
        log.info("priming.restored", "collections_after_priming",
                collectionsAtCheckpoint < 0 ? -1 : YoungCollection.collections() - collectionsAtCheckpoint);
    }

    /**
     * The system property Lambda's runtime client sets to each invocation's X-Ray trace header, and
     * that the SDK's trace-id interceptor copies onto every AWS request it sends.
     */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** An unsampled trace header, so priming's requests take the interceptor's path without being traced. */
    static final String PRIMING_TRACE_HEADER = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0";

    /** Runs every step its rounds (a failing step stops after its first failure); returns how many failed. */
    public int prime() {
        String traceHeader = System.getProperty(TRACE_HEADER_PROPERTY);
        System.setProperty(TRACE_HEADER_PROPERTY, PRIMING_TRACE_HEADER);
        try {
            return primeSteps();
        } finally {
            if (traceHeader == null) {
                System.clearProperty(TRACE_HEADER_PROPERTY);
            } else {
                System.setProperty(TRACE_HEADER_PROPERTY, traceHeader);
            }
        }
    }

    private int primeSteps() {
        long started = System.nanoTime();
        List<String> failed = new ArrayList<>();
        int runs = 0;
        for (Named named : steps) {
            try {
                for (int round = 0; round < named.rounds(); round++) {
                    log.muted(named.step()::run);
                    runs++;
                }
            } catch (Exception e) {
                failed.add(named.name());
                log.warn("priming.step_failed", "step", named.name(), "error", e.getClass().getSimpleName());
            }
        }
        for (Runnable cleanup : cleanups) {
            cleanup.run();
        }
        log.info("priming.done", "steps", steps.size(), "runs", runs, "failed", failed.size(),
                "ms", (System.nanoTime() - started) / 1_000_000);
        return failed.size();
    }
}
