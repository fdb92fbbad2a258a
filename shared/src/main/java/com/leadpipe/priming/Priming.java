package com.leadpipe.priming;

import com.leadpipe.log.Log;
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
 * <p>{@link #afterRestore} re-seeds what must differ between containers restored from one snapshot
 * (the token generator's random source) and tells the log that the next invocation is a restore.
 */
public final class Priming implements Resource {

    /** One piece of priming work; may throw, which is logged. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String name, Step step) {
    }

    private final Log log;
    private final List<Named> steps = new ArrayList<>();

    public Priming(Log log) {
        this.log = log;
    }

    public Priming step(String name, Step step) {
        steps.add(new Named(name, step));
        return this;
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

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Tokens.reseed();
        log.restored();
    }

    /** Runs every step once; returns how many failed. Public for tests and benchmarks. */
    public int prime() {
        long started = System.nanoTime();
        List<String> failed = new ArrayList<>();
        for (Named named : steps) {
            try {
                log.muted(named.step()::run);
            } catch (Exception e) {
                failed.add(named.name());
                log.warn("priming.step_failed", "step", named.name(), "error", e.getClass().getSimpleName());
            }
        }
        log.info("priming.done", "steps", steps.size(), "failed", failed.size(),
                "ms", (System.nanoTime() - started) / 1_000_000);
        return failed.size();
    }
}
