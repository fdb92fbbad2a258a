package com.leadpipe.local;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.local.SamTemplate.TemplateException;
import com.leadpipe.log.Log;
import com.leadpipe.testing.EmulatorUnavailableException;
import com.leadpipe.testing.MotoPython;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The whole backend on this machine: every template function behind its routes, queues, table stream and
 * schedules, on moto server, with a mailbox and a fast clock. {@link #main} is the README's command; tests use {@link #start}. */
public final class LocalRunner implements AutoCloseable {

    /** Event types the runner delivers; functions triggered only by others (SNS) are not run. */
    static final Set<String> RUN_LOCALLY = Set.of("HttpApi", "SQS", "Schedule", "ScheduleV2", "DynamoDB");

    /** How often queues are polled (real time), as Lambda's pollers do continuously. */
    static final Duration QUEUE_POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * How often schedules are checked against the (possibly fast) clock: at 1440x a tick is 24
     * minutes of clock time, plenty for jobs whose steps are days apart, and it keeps an
     * every-minute job from running several times a second.
     */
    static final Duration SCHEDULE_TICK = Duration.ofSeconds(1);

    private final FastClock clock;
    private final Optional<DataFolder> data;
    private final Optional<TableSnapshot> snapshot;
    private final LocalAws aws;
    private final LocalServer server;
    private final ScheduledExecutorService timers;
    private final List<QueuePoller> pollers;
    private final Scheduler scheduler;
    private final Mailbox mailbox;
    private final LocalResources resources;
    private final LocalEvents events;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private LocalRunner(FastClock clock, Optional<DataFolder> data, Optional<TableSnapshot> snapshot, LocalAws aws,
                        LocalServer server,
                        ScheduledExecutorService timers, List<QueuePoller> pollers, Scheduler scheduler, Mailbox mailbox,
                        LocalResources resources, LocalEvents events) {
        this.clock = clock;
        this.data = data;
        this.snapshot = snapshot;
        this.aws = aws;
        this.server = server;
        this.timers = timers;
        this.pollers = pollers;
        this.scheduler = scheduler;
        this.mailbox = mailbox;
        this.resources = resources;
        this.events = events;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.HelpRequested help) {
            System.out.print(Options.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("[local] " + e.getMessage() + "\n\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        LocalRunner runner;
        try {
            runner = start(options, System.out);
        } catch (TemplateException | LocalServer.PortInUseException | IllegalStateException
                 | EmulatorUnavailableException | UncheckedIOException e) {
            // Expected ways to fail (bad template, port or data folder taken, emulator missing): the message says it.
            System.err.println("[local] cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n[local] stopping...");
            runner.close();
            System.out.println("[local] stopped: HTTP server, timers and " + runner.aws.label() + ".");
        }, "leadpipe-local-stop"));
        runner.awaitStop();
    }

    /**
     * Starts everything and returns when the server answers. On failure, whatever had started is
     * stopped again.
     */
    public static LocalRunner start(Options options, PrintStream console) {
        long started = System.nanoTime();
        SamTemplate template = SamTemplate.load(options.template());
        TemplateRoutes routes = TemplateRoutes.from(template);
        CampaignCheck campaigns = new CampaignCheck(options.campaigns(), options.campaignsLabel());
        List<AutoCloseable> toStop = new ArrayList<>();
        try {
            Optional<DataFolder> data = options.data().map(DataFolder::open);
            data.ifPresent(toStop::add);
            // Bound first: links in mail need the port, and a taken port should fail before anything starts.
            HttpServer http = LocalServer.bind(options.port());
            toStop.add(() -> http.stop(0));
            LocalAws aws = LocalAws.start(MotoPython.forProject(options.python()), line -> console.println("[local] " + line));
            toStop.add(aws);

            // Never behind the last run's clock: after a fast preview, stored items are "in the future".
            Instant now = Instant.now();
            FastClock clock = new FastClock(data.flatMap(DataFolder::savedClock).filter(now::isBefore).orElse(now),
                    options.clockSpeed());
            Mailbox mailbox = new Mailbox(aws::sentEmails, clock);
            SesV2Client ses = mailbox.recording(aws.clients().sesV2());
            LocalResources resources = LocalResources.create(template, Map.of(
                            "SenderAddress", options.sender(),
                            // Links in mail must lead back here, not to an API Gateway URL.
                            "PublicBaseUrl", "http://localhost:" + http.getAddress().getPort()),
                    aws.clients().dynamoDb(), ses, aws.clients().sqs(), options.sender());
            EventBridgeClient eventBridge = aws.clients().configured(EventBridgeClient.builder(), "eventbridge").build();
            Map<String, String> buses = resources.eventBuses(template, eventBridge);
            LocalEvents events = LocalEvents.create(buses, eventBridge, aws.clients().sqs(), options.webhook(), console);
            toStop.add(events);
            // Before any function runs: the tables as the last run left them.
            Optional<TableSnapshot> snapshot = data.map(d -> d.restoreTables(aws.clients().dynamoDb(),
                    resources.tables().values(), console));
            snapshot.ifPresent(toStop::add);
            Functions functions = functions(template, resources, aws, ses, eventBridge, clock, campaigns, options.instances(), console);
            List<LocalFunction> running = List.copyOf(functions.running().values());

            List<QueuePoller> pollers = QueuePoller.from(running, resources, aws.clients().sqs(), console);
            Scheduler scheduler = Scheduler.from(running, clock, console);
            // After the tables were reloaded: a reloaded item is not a change (the pollers start at the stream's end).
            List<StreamPoller> streams = StreamPoller.from(running, resources, aws.clients().dynamoDb(),
                    aws.clients().configured(DynamoDbStreamsClient.builder(), "dynamodbstreams").build(), console);
            ScheduledExecutorService timers = timers(pollers, scheduler, console);
            toStop.add(timers::shutdownNow);
            for (StreamPoller stream : streams) {
                timers.scheduleWithFixedDelay(guarded(stream::pollOnce, console), 0, QUEUE_POLL_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            timers.scheduleWithFixedDelay(guarded(events::pollOnce, console), 0, QUEUE_POLL_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);

            Banner banner = new Banner(template, routes, campaigns, aws, clock, pollers, streams, scheduler, functions.off(),
                    data);
            LocalServer server = new LocalServer(http, routes, Cors.from(template, resources.intrinsics()), functions,
                    clock, by -> {
                        clock.advance(by);
                        data.ifPresent(d -> d.saveClock(clock.instant()));
                    }, mailbox, events, campaigns, banner::status, console);
            LocalRunner runner = new LocalRunner(clock, data, snapshot, aws, server, timers, pollers, scheduler, mailbox,
                    resources, events);
            snapshot.ifPresent(TableSnapshot::startSaving);
            banner.print(console, runner.url().toString(), Duration.ofNanos(System.nanoTime() - started));
            return runner;
        } catch (RuntimeException e) {
            for (AutoCloseable c : toStop.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Every function of the template, its handler built with the local clients, clock, campaigns and config. */
    private static Functions functions(SamTemplate template, LocalResources resources, LocalAws aws, SesV2Client ses,
                                       EventBridgeClient eventBridge, FastClock clock, CampaignCheck campaigns, int instances,
                                       PrintStream console) {
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        Map<String, String> off = new LinkedHashMap<>();
        for (SamTemplate.Function spec : template.functions()) {
            List<String> elsewhere = spec.events().values().stream().map(SamTemplate.Event::type)
                    .filter(t -> !RUN_LOCALLY.contains(t)).distinct().toList();
            if (!elsewhere.isEmpty() && elsewhere.size() == spec.events().values().stream().map(SamTemplate.Event::type)
                    .distinct().count()) {
                // Nothing here would ever invoke it (e.g. an SNS subscription): don't build it at all.
                off.put(spec.logicalId(), "its " + String.join(", ", elsewhere) + " events have no local source");
                continue;
            }
            try {
                String functionName = resources.functionName(spec);
                Map<Class<?>, Object> values = new LinkedHashMap<>();
                values.put(DynamoDbClient.class, aws.clients().dynamoDb());
                values.put(SesV2Client.class, ses);
                values.put(SqsClient.class, aws.clients().sqs());
                values.put(EventBridgeClient.class, eventBridge);
                values.put(AwsClients.class, aws.clients());
                values.put(Clock.class, clock);
                values.put(Log.class, new Log(component(functionName), console::println, logLevel(spec, resources), clock));
                functions.put(spec.logicalId(), LocalFunction.create(spec, functionName,
                        Injectables.of(values, spec, resources.environment(spec), campaigns), instances));
            } catch (TemplateException e) {
                // As in Lambda, a function whose init fails fails its invocations; the others still run.
                off.put(spec.logicalId(), e.getMessage());
            }
        }
        return new Functions(functions, off);
    }

    /** The functions that could be built, and why the others could not. */
    record Functions(Map<String, LocalFunction> running, Map<String, String> off) {
    }

    /**
     * Queue polling (real time, as Lambda polls) and schedule ticks (checked against the runner's
     * clock), each on its own thread: as in Lambda, a busy queue (a nurture batch pacing SES) never
     * holds up another queue's poller or a schedule.
     */
    private static ScheduledExecutorService timers(List<QueuePoller> pollers, Scheduler scheduler, PrintStream console) {
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(
                Math.max(1, pollers.size() + scheduler.schedules().size()), r -> {
                    Thread t = new Thread(r, "leadpipe-local-timer-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        for (QueuePoller poller : pollers) {
            timers.scheduleWithFixedDelay(guarded(poller::pollOnce, console), 0, QUEUE_POLL_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        for (Scheduler.Schedule schedule : scheduler.schedules()) {
            timers.scheduleWithFixedDelay(guarded(() -> scheduler.tick(schedule), console), SCHEDULE_TICK.toMillis(),
                    SCHEDULE_TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
        return timers;
    }

    public URI url() {
        return URI.create("http://localhost:" + server.port());
    }

    public int port() {
        return server.port();
    }

    public FastClock clock() {
        return clock;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public LocalAws aws() {
        return aws;
    }

    /** Table names and queue URLs by logical id. */
    public LocalResources resources() {
        return resources;
    }

    public List<QueuePoller> pollers() {
        return pollers;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Blocks until {@link #close()}. */
    public void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the timers, the server, the emulators (moto's process too); keeps the tables and clock for the next run. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Let a poll or scheduled run in progress finish: interrupted, it would fail against emulators still up.
        timers.shutdown();
        try {
            if (!timers.awaitTermination(10, TimeUnit.SECONDS)) {
                timers.shutdownNow();
            }
        } catch (InterruptedException e) {
            timers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server.close();
        events.close();
        data.ifPresent(d -> d.saveClock(clock.instant()));
        snapshot.ifPresent(TableSnapshot::close); // the last save, while the emulator still answers
        aws.close();
        data.ifPresent(DataFolder::close);
        stopped.countDown();
    }

    /** Log component: the function name without the stack prefix ("submit"), as its log group has it. */
    private static String component(String functionName) {
        String prefix = LocalResources.STACK_NAME + "-";
        return functionName.startsWith(prefix) ? functionName.substring(prefix.length()) : functionName;
    }

    /** The function's LoggingConfig.ApplicationLogLevel. */
    private static Log.Level logLevel(SamTemplate.Function spec, LocalResources resources) {
        Object configured = SamTemplate.map(spec.properties().get("LoggingConfig")).get("ApplicationLogLevel");
        if (configured == null) {
            return Log.Level.INFO;
        }
        return Log.level(resources.intrinsics().resolve(configured, spec.logicalId() + ".LoggingConfig"));
    }

    /** A timer task that survives its own failures: a scheduled executor would stop repeating it. */
    private static Runnable guarded(Runnable task, PrintStream console) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                console.println("[local] background task failed: " + e);
            }
        };
    }

    private static Runnable guarded(IntSupplier task, PrintStream console) {
        return guarded((Runnable) task::getAsInt, console);
    }
}
