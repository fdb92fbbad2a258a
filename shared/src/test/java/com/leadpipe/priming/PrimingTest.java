package com.leadpipe.priming;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.log.Log;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

    final List<String> lines = new ArrayList<>();
    final Log log = new Log("test", lines::add, Log.Level.INFO, Clock.systemUTC());

    @Test
    void runsEveryStepMutedAndReportsOnce() {
        List<String> ran = new ArrayList<>();
        Priming priming = new Priming(log)
                .step("one", () -> {
                    ran.add("one");
                    log.info("synthetic.request");
                })
                .step("two", () -> ran.add("two"));

        assertThat(priming.prime()).isZero();

        // in order, REAL_ROUNDS each
        assertThat(ran).hasSize(2 * Priming.REAL_ROUNDS).startsWith("one").endsWith("two")
                .filteredOn("one"::equals).hasSize(Priming.REAL_ROUNDS);
        assertThat(ran.subList(0, Priming.REAL_ROUNDS)).containsOnly("one");
        assertThat(lines).singleElement().asString().contains("\"event\":\"priming.done\"", "\"steps\":2",
                "\"runs\":" + 2 * Priming.REAL_ROUNDS, "\"failed\":0");
    }

    @Test
    void rehearsalStepsRunOftenEnoughToBeCompiledAndTheCleanupRunsOnceAtTheEnd() {
        List<String> ran = new ArrayList<>();
        Priming priming = new Priming(log)
                .rehearse("flow", () -> ran.add("flow"))
                .afterAll(() -> ran.add("cleanup"));

        assertThat(priming.prime()).isZero();

        assertThat(ran).hasSize(Priming.REHEARSAL_ROUNDS + 1).endsWith("cleanup")
                .filteredOn("flow"::equals).hasSize(Priming.REHEARSAL_ROUNDS);
        // C1 takes a method at its 256th call (200, checked every 128): a method a request calls once must get past that
        assertThat(Priming.REHEARSAL_ROUNDS).isGreaterThan(Priming.COMPILED_AFTER);
    }

    @Test
    void warmingReadsRunOftenEnoughForTheHttpPathToBeCompiled() {
        List<String> ran = new ArrayList<>();
        assertThat(new Priming(log).warm("read", () -> ran.add("read")).step("real", () -> ran.add("real")).prime())
                .isZero();

        assertThat(ran).hasSize(Priming.WARMING_ROUNDS + Priming.REAL_ROUNDS).endsWith("real");
        assertThat(ran.subList(0, Priming.WARMING_ROUNDS)).containsOnly("read");
        assertThat(Priming.WARMING_ROUNDS).isGreaterThan(Priming.COMPILED_AFTER);
    }

    @Test
    void stepsRunUnderAnUnsampledTraceHeaderAsInvocationsDoAndTheRuntimesOwnIsPutBack() {
        // The SDK's trace-id interceptor copies this property onto AWS requests inside Lambda: with
        // one set, priming takes that path too, so the first real request does not load it.
        List<String> seen = new ArrayList<>();
        String before = System.getProperty(Priming.TRACE_HEADER_PROPERTY);
        try {
            System.setProperty(Priming.TRACE_HEADER_PROPERTY, "Root=1-runtime");
            new Priming(log).step("read", () -> seen.add(System.getProperty(Priming.TRACE_HEADER_PROPERTY))).prime();
            assertThat(System.getProperty(Priming.TRACE_HEADER_PROPERTY)).isEqualTo("Root=1-runtime");

            System.clearProperty(Priming.TRACE_HEADER_PROPERTY);
            new Priming(log).step("read", () -> {
                throw new IllegalStateException("fails");
            }).prime();
            assertThat(System.getProperty(Priming.TRACE_HEADER_PROPERTY)).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(Priming.TRACE_HEADER_PROPERTY);
            } else {
                System.setProperty(Priming.TRACE_HEADER_PROPERTY, before);
            }
        }
        assertThat(seen).hasSize(Priming.REAL_ROUNDS).allSatisfy(h -> assertThat(h).endsWith(";Sampled=0"));
    }

    @Test
    void aFailingStepIsLoggedAndDoesNotStopTheOthers() {
        List<String> ran = new ArrayList<>();
        Priming priming = new Priming(log)
                .step("broken", () -> {
                    throw new IllegalStateException("emulator down");
                })
                .step("fine", () -> ran.add("fine"));

        assertThat(priming.prime()).isEqualTo(1);

        assertThat(ran).hasSize(Priming.REAL_ROUNDS).containsOnly("fine"); // the broken one stopped at its first failure
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("priming.step_failed", "\"step\":\"broken\"", "IllegalStateException")
                .doesNotContain("emulator down");
        assertThat(lines.get(1)).contains("\"failed\":1");
    }

    @Test
    void primedRequestsDoNotCountAsTheContainersFirstInvocation() {
        new Priming(log).step("request", () -> log.invocation("priming")).prime();
        lines.clear();

        log.invocation("req-1");
        log.info("first.real.request");

        assertThat(lines).singleElement().asString().contains("\"requestId\":\"req-1\"", "\"start\":\"cold\"");
    }

    @Test
    void afterRestoreTheNextInvocationIsReportedAsRestoredAndTokensStayUnique() {
        Priming priming = new Priming(log);
        String before = Tokens.mint("demo").value();

        priming.afterRestore(null);
        log.invocation("req-1");
        log.info("after.restore");

        // a restore without a checkpoint of this priming (outside Lambda) cannot count collections
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"event\":\"priming.restored\"", "\"collections_after_priming\":-1");
        assertThat(lines.get(1)).contains("\"start\":\"restored\"");
        assertThat(Tokens.mint("demo").value()).isNotEqualTo(before).startsWith("demo.");
    }

    @Test
    void theCheckpointEndsWithAYoungCollectionAndTheRestoreSaysNoneRanSince() {
        Priming priming = new Priming(log);

        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        assertThat(lines).filteredOn(l -> l.contains("\"event\":\"priming.young_collection\""))
                .singleElement().asString().contains("\"ran\":true");
        assertThat(lines).filteredOn(l -> l.contains("\"event\":\"priming.restored\""))
                .singleElement().asString().contains("\"collections_after_priming\":0");
    }

    @Test
    void runtimeClassesThatAreAbsentAreSkipped() {
        // Outside Lambda the runtime client's classes are absent; the JDK's are there.
        assertThat(Priming.loadRuntimeClasses()).isBetween(1, Priming.RUNTIME_CLASSES.size() - 1);
    }
}
