package com.leadpipe.conformance;

import static com.leadpipe.conformance.BenchFunctions.onDemand;
import static com.leadpipe.conformance.BenchFunctions.withEnvironment;
import static com.leadpipe.conformance.BenchFunctions.withJavaOptions;
import static com.leadpipe.conformance.BenchStats.median;
import static com.leadpipe.conformance.BenchStats.rounded;
import static com.leadpipe.conformance.BenchStats.serviceMs;
import static com.leadpipe.conformance.BenchStats.sorted;
import static com.leadpipe.conformance.BenchStats.tenths;

import com.leadpipe.conformance.LambdaEvents.HttpCall;
import com.leadpipe.testing.AwsEmulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * bench/snapstart: each HTTP function and the nurture sender, from its sam-build artifact, under the
 * real Lambda runtime client in snap-start mode ({@link FunctionSandbox}: init, the CRaC
 * beforeCheckpoint hooks, i.e. priming, then restore/next), against moto through a {@link Relay}.
 * Per function: the first request after restore, warm requests (median), the same SDK calls made
 * bare in the function's JVM ({@link BareCalls}, after each warm request), and a fresh on-demand JVM.
 *
 * <p>Every request does real work on fixtures the previous function made: each submit a new
 * address; each confirm the token of one of those signups' mails; each survey answer the link of
 * one of those confirmations; each nurture send one of those (now due) leads; each unsubscribe the
 * List-Unsubscribe link of one of those nurture mails.
 *
 * <p>Args: root outDir warmRuns warmupRuns [--class-log] [--pages-only]. Exit 0 whatever the figures; 1 if a
 * request failed or something could not run.
 */
public final class SnapStartBench {

    static final String SENDER = "bench@leadpipe.test";
    static final Pattern SURVEY_TOKEN = Pattern.compile("[?&]s=([A-Za-z0-9._-]+)");

    /** When the last request started, per stage: requests are spaced by {@link Stage#spacingNanos()}. */
    private long lastStart;

    record Figures(String label, double firstMs, double warmMs, double bareMs, double warmP25, double warmP75,
                   double bareP25, double bareP75, long freshInitMs, double freshFirstMs, int firstClasses,
                   int warmClasses, List<Relay.Call> calls, List<Relay.Call> firstCalls, int bareRefused,
                   double warmServiceMs, double bareServiceMs, double pausedMs) {
    }

    private final Path root;
    private final Path out;
    private final int warm;
    private final int warmups;
    private final boolean classLog;
    private final AwsEmulators aws = AwsEmulators.get();
    private final ConformanceStack stack;
    private final Map<String, ConformanceStack.Function> functions;
    private final Artifacts artifacts;
    private final Relay relay;
    private final Stages stages;
    private final Map<String, String> endpoints;

    SnapStartBench(Path root, Path out, int warm, int warmups, boolean classLog) {
        this.root = root;
        this.out = out;
        this.warm = warm;
        this.warmups = warmups;
        this.classLog = classLog;
        // No function measured here reads the table's change stream; moto would copy every record of it
        // in each transaction, making later functions' transactions slower with each earlier write.
        this.stack = ConformanceStack.create(root.resolve("template.yaml"), aws, SENDER, false);
        // 57 never-seen addresses a minute would exceed the stack's sending budget (30 a minute), and
        // the sweep that sends owed mail does not run here: a budget no signup reaches keeps every
        // signup's own SES send (and the budget's UpdateItem) in the request, as measured.
        Map<String, ConformanceStack.Function> all = new HashMap<>(stack.functions());
        all.computeIfPresent("SubmitFunction", (id, f) -> withEnvironment(f, "CONFIRMATION_BUDGET_PER_MINUTE", "1000000"));
        this.functions = Map.copyOf(all);
        this.stages = new Stages(stack);
        this.artifacts = Artifacts.fromMakefile(root);
        if (!aws.endpoint("dynamodb").equals(aws.endpoint("sesv2")) || !aws.endpoint("sqs").equals(aws.endpoint("sesv2"))) {
            throw new IllegalStateException("expected one moto server for every service: " + aws.endpoint("dynamodb"));
        }
        this.relay = new Relay(aws.endpoint("dynamodb"));
        String via = relay.uri().toString();
        // moto on a shared 2-core box can take seconds: timeouts as in the conformance stage, both sides.
        this.endpoints = Map.of("AWS_ENDPOINT_URL_DYNAMODB", via, "AWS_ENDPOINT_URL_SESV2", via, "AWS_ENDPOINT_URL_SQS", via,
                "AWS_ATTEMPT_TIMEOUT_MS", "20000", "AWS_CALL_TIMEOUT_MS", "40000");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path out = Path.of(args[1]).toAbsolutePath();
        List<String> options = List.of(args).subList(4, args.length);
        boolean classLog = options.contains("--class-log");
        boolean pagesOnly = options.contains("--pages-only");
        SnapStartBench bench = new SnapStartBench(root, out, Integer.parseInt(args[2]), Integer.parseInt(args[3]), classLog);
        int perStage = FIRST_RESTORES + bench.warmups + bench.warm + PAUSED + 1;
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < perStage; i++) {
            leads.add(new Lead());
        }
        List<Figures> figures = new ArrayList<>();
        try {
            bench.warmHarness(bench.stages.pages(), leads.get(0));
            figures.add(bench.measure(bench.stages.pages(), leads));
            figures.add(bench.measure(bench.stages.thanks(), leads));
            if (pagesOnly) {
                Report.print(figures, bench.warm, out.resolve("results.tsv"));
                bench.relay.close();
                System.exit(0);
            }
            figures.add(bench.measure(bench.stages.http("SubmitFunction", "Subscribe", l -> HttpCall.post("/c/demo/subscribe", null,
                    LambdaEvents.FORM, "email=" + l.email.replace("@", "%40") + "&consent=yes&firstName=Bea")
                    .with(Map.of("x-forwarded-for", l.ip)), 303, null), leads));
            Harvest.confirmTokens(bench.aws, leads);
            figures.add(bench.measure(bench.stages.http("ConfirmFunction", "ConfirmPost", l -> HttpCall.post("/confirm", null,
                    LambdaEvents.FORM, "t=" + l.confirmToken), 303, SURVEY_TOKEN), leads));
            figures.add(bench.measure(bench.stages.http("SurveyFunction", "SurveyPost", l -> HttpCall.post("/c/demo/survey", null,
                    LambdaEvents.FORM, "t=" + l.surveyToken + "&q.stage=launched&q.urgency=5&q.budget=large"), 303, null), leads));
            figures.add(bench.measure(bench.stages.nurture(), leads));
            Harvest.unsubscribeLinks(bench.aws, leads);
            figures.add(bench.measure(bench.stages.http("UnsubscribeFunction", "UnsubscribePost", l -> HttpCall.post("/unsubscribe",
                    l.unsubscribeQuery, LambdaEvents.FORM, "List-Unsubscribe=One-Click").with(Map.of("user-agent", "")), 200,
                    null), leads));
        } catch (RuntimeException e) {
            e.printStackTrace();
            Report.print(figures, bench.warm, out.resolve("results.tsv"));
            System.exit(1);
        }
        Report.print(figures, bench.warm, out.resolve("results.tsv"));
        bench.relay.close();
        System.exit(0);
    }

    /** Containers restored per function for the first-request figure (their median). */
    static final int FIRST_RESTORES = 3;

    /**
     * Requests through a throwaway on-demand container before the first measured stage: enough for
     * this JVM's JIT to have compiled the Runtime API server and the relay, as Lambda's own Runtime
     * API is compiled code. With 40 Pages, measured first, paid for the harness's interpreted
     * code in its warm requests (warm/bare 1.17-1.22 against 1.12 with 500).
     */
    static final int HARNESS_WARMUP = 500;

    /**
     * Warm requests after a pause, once the warm series is done: what any request costs here when
     * every process on the machine has been idle for {@link #PAUSE_MS}, which a first request
     * after a restore also is (a secondary figure, not a target).
     */
    static final int PAUSED = 5;
    static final long PAUSE_MS = 50;

    /** Calls the bench itself makes through the relay just before each first request. */
    static final int SERVICE_WARMUP = 5;

    /**
     * Runs the harness's own request path (Runtime API server, sandbox, relay) in this JVM before
     * anything is timed. Without it the first stage's first request also paid for the benchmark
     * JVM interpreting its own HTTP server code for the first time: Pages, measured first, showed
     * 95-215 ms against a 2-37 ms warm request while the function JVM loaded only 10 classes.
     */
    void warmHarness(Stage stage, Lead lead) throws IOException {
        System.err.printf("[snapstart] warming the harness with %d requests to a throwaway %s%n", HARNESS_WARMUP,
                stage.logicalId());
        ConformanceStack.Function onDemand = onDemand(functions.get(stage.logicalId()));
        try (FunctionSandbox sandbox = FunctionSandbox.start(onDemand, artifacts.artifact(onDemand.logicalId()),
                runtimeClientDir(), endpoints, out.resolve("logs-harness"))) {
            for (int i = 0; i < HARNESS_WARMUP; i++) {
                invoke(sandbox, stage, lead);
            }
        }
        relay.take();
    }

    /** First request after restore, warm-ups, warm requests paired with bare calls, then a fresh JVM. */
    Figures measure(Stage stage, List<Lead> leads) throws IOException {
        System.err.printf("[snapstart] %s%n", stage.logicalId());
        Path agentPort = out.resolve("bare-calls-" + stage.logicalId() + ".port");
        Files.deleteIfExists(agentPort);
        // Each stage's own logs and class log (two stages of one function must not overwrite each other's).
        tag = stage.label().replaceAll("\\W", "");
        ConformanceStack.Function function = withAgent(withClassLog(functions.get(stage.logicalId()), "snapstart"),
                agentPort);
        int next = 0;
        double first;
        List<Relay.Call> firstCalls;
        List<Relay.Call> calls = List.of();
        List<Double> warmMs = new ArrayList<>();
        List<Double> bareMs = new ArrayList<>();
        int firstClasses;
        int warmClasses = 0;
        int refused = 0;
        List<Double> warmService = new ArrayList<>();
        List<Double> bareService = new ArrayList<>();
        // A first request is one sample per container, and moto stalls for seconds now and then:
        // the figure is the median over several restored containers (each primed, then one request).
        List<Double> firsts = new ArrayList<>();
        List<Double> firstService = new ArrayList<>();
        List<Double> restoreTails = new ArrayList<>();
        List<Double> paused = new ArrayList<>();
        ConformanceStack.Function plain = functions.get(stage.logicalId());
        for (int i = 1; i < FIRST_RESTORES; i++) {
            try (FunctionSandbox restored = FunctionSandbox.start(plain, artifacts.artifact(plain.logicalId()),
                    runtimeClientDir(), endpoints, out.resolve("logs-restores-" + tag))) {
                relay.take();
                relay.warmService(stack.table(), SERVICE_WARMUP);
                firsts.add(invoke(restored, stage, leads.get(next++)));
                restoreTails.add(lastRestoreTailMs);
                firstService.add(serviceMs(relay.take()));
            }
        }
        try (FunctionSandbox sandbox = FunctionSandbox.start(function, artifacts.artifact(function.logicalId()),
                runtimeClientDir(), endpoints, out.resolve("logs-" + tag));
             BareCalls bare = BareCalls.connect(agentPort)) {
            relay.take(); // priming's calls
            relay.warmService(stack.table(), SERVICE_WARMUP);
            int before = classLines(function);
            firsts.add(invoke(sandbox, stage, leads.get(next++)));
            restoreTails.add(lastRestoreTailMs);
            first = median(sorted(firsts));
            firstClasses = classLines(function) - before;
            firstCalls = relay.take();
            firstService.add(serviceMs(firstCalls));
            for (int i = 0; i < warmups; i++) {
                invoke(sandbox, stage, leads.get(next++));
                calls = relay.take();
            }
            if (!BareCalls.supported(calls)) {
                throw new IllegalStateException(stage.logicalId() + " makes calls BareCalls cannot repeat: " + calls);
            }
            for (int i = 0; i < warm; i++) {
                before = classLines(function);
                warmMs.add(invoke(sandbox, stage, leads.get(next++)));
                warmClasses = Math.max(warmClasses, classLines(function) - before);
                List<Relay.Call> made = relay.take();
                warmService.add(serviceMs(made));
                BareCalls.Result replayed = bare.run(made);
                bareMs.add(replayed.ms());
                refused += replayed.refused();
                // The replays, then the deletes of what they created on fresh keys (untimed).
                bareService.add(serviceMs(relay.take().subList(0, made.size())));
            }
            for (int i = 0; i < PAUSED; i++) {
                pause(PAUSE_MS);
                paused.add(invoke(sandbox, stage, leads.get(next++)));
                relay.take();
            }
        }
        ConformanceStack.Function onDemand = withClassLog(onDemand(functions.get(stage.logicalId())), "fresh");
        long freshInit;
        double freshFirst;
        try (FunctionSandbox fresh = FunctionSandbox.start(onDemand, artifacts.artifact(onDemand.logicalId()),
                runtimeClientDir(), endpoints, out.resolve("logs-fresh-" + tag))) {
            freshInit = fresh.initMillis();
            freshFirst = invoke(fresh, stage, leads.get(next));
            relay.take();
        }
        System.err.printf(Locale.ROOT, "[snapstart] %s: first %.1f ms (median of %s; in the services %s;"
                + " the event waited %s ms for the runtime to finish its restore, not counted); warm, in order: %s; bare: %s;"
                + " warm after a %d ms pause: %s%n",
                stage.logicalId(), first, rounded(firsts), rounded(firstService), tenths(restoreTails), rounded(warmMs),
                rounded(bareMs), PAUSE_MS, rounded(paused));
        List<Double> w = sorted(warmMs);
        List<Double> b = sorted(bareMs);
        return new Figures(stage.label(), first, median(w), median(b), w.get(w.size() / 4), w.get(w.size() * 3 / 4),
                b.get(b.size() / 4), b.get(b.size() * 3 / 4), freshInit, freshFirst, firstClasses, warmClasses, calls,
                firstCalls, refused, median(sorted(warmService)), median(sorted(bareService)), median(sorted(paused)));
    }

    /** Stage label without punctuation: names its log directories and class logs. */
    private String tag = "";

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long the last invocation's event waited for the runtime to ask for it (0 when it was waiting). */
    private double lastRestoreTailMs;

    double invoke(FunctionSandbox sandbox, Stage stage, Lead lead) {
        String event = stage.event(lead);
        long wait = lastStart + stage.spacingNanos() - System.nanoTime();
        if (stage.spacingNanos() > 0 && wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long t0 = System.nanoTime();
        lastStart = t0;
        RuntimeApi.Outcome outcome = sandbox.invoke(event);
        // From the event queued with the runtime ready for it (after a restore the runtime asks for
        // its first event only once its restore work and the afterRestore hooks are done: that wait
        // is kept apart, in lastRestoreTailMs) up to the runtime's post, as received (not the
        // wake-up of this thread, which no visitor waits for).
        long start = Math.max(t0, outcome.askedNanos());
        lastRestoreTailMs = (start - t0) / 1e6;
        double ms = (outcome.postedNanos() - start) / 1e6;
        String wrong = outcome.error() ? "invocation error " + outcome.errorType() + " " + outcome.body()
                : stage.check(lead, outcome.body());
        if (wrong != null) {
            throw new IllegalStateException(stage.logicalId() + ": " + wrong + "\n" + sandbox.output());
        }
        return ms;
    }

    /** With --class-log: -Xlog:class+load into out/classes-<kind>-<stage>.log, appended to the template's options. */
    ConformanceStack.Function withClassLog(ConformanceStack.Function f, String kind) throws IOException {
        if (!classLog) {
            return f;
        }
        Path file = out.resolve("classes-" + kind + "-" + tag + ".log");
        Files.deleteIfExists(file);
        return withJavaOptions(f, "-Xlog:class+load=info:file=" + file);
    }

    /** The bare-call agent in the function's JVM (bench/src/agent), answering on the port it writes to {@code portFile}. */
    ConformanceStack.Function withAgent(ConformanceStack.Function f, Path portFile) {
        return withJavaOptions(f, "-javaagent:" + out.resolve("bare-call-agent.jar") + "=" + portFile + "|"
                + out.resolve("replayer"));
    }

    /** Lines of the function's class-load log so far (0 without --class-log). */
    int classLines(ConformanceStack.Function f) throws IOException {
        Path file = out.resolve("classes-snapstart-" + tag + ".log");
        if (!classLog || !Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return (int) lines.count();
        }
    }

    Path runtimeClientDir() {
        return root.resolve("conformance/target/lambda-runtime-client");
    }
}
