package com.leadpipe.local;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.CampaignException.Problem;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.local.SamTemplate.TemplateException;
import com.leadpipe.log.Log;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole backend on this machine: every function of template.yaml behind its HTTP routes,
 * queue and schedule events, on DynamoDB Local and moto, with a mailbox and a clock that can run
 * fast. {@link #main} is what the README's one command starts; tests use {@link #start}.
 */
public final class LocalRunner implements AutoCloseable {

    /** How often queues are polled (real time), as Lambda's pollers do continuously. */
    static final Duration QUEUE_POLL_INTERVAL = Duration.ofSeconds(1);
    /** How often schedules are checked against the (possibly fast) clock. */
    static final Duration SCHEDULE_TICK = Duration.ofMillis(250);

    private final FastClock clock;
    private final Optional<DataFolder> data;
    private final LocalAws aws;
    private final LocalServer server;
    private final ScheduledExecutorService timers;
    private final List<QueuePoller> pollers;
    private final Scheduler scheduler;
    private final Mailbox mailbox;
    private final LocalResources resources;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private LocalRunner(FastClock clock, Optional<DataFolder> data, LocalAws aws, LocalServer server,
                        ScheduledExecutorService timers, List<QueuePoller> pollers, Scheduler scheduler, Mailbox mailbox,
                        LocalResources resources) {
        this.clock = clock;
        this.data = data;
        this.aws = aws;
        this.server = server;
        this.timers = timers;
        this.pollers = pollers;
        this.scheduler = scheduler;
        this.mailbox = mailbox;
        this.resources = resources;
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
        } catch (TemplateException | LocalServer.PortInUseException | IllegalStateException e) {
            System.err.println("[local] cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n[local] stopping...");
            runner.close();
            System.out.println("[local] stopped: HTTP server, timers, " + runner.aws.mailService().label()
                    + " and DynamoDB Local.");
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
            // Never behind the last run's clock: after a fast preview, stored items are "in the future".
            Instant now = Instant.now();
            Instant start = data.flatMap(DataFolder::savedClock).filter(saved -> saved.isAfter(now)).orElse(now);
            FastClock clock = new FastClock(start, options.clockSpeed());

            HttpServer http = LocalServer.bind(options.port());
            toStop.add(() -> http.stop(0));
            String baseUrl = "http://localhost:" + http.getAddress().getPort();

            LocalAws aws = LocalAws.start(data.map(DataFolder::dynamoDb), options.python());
            toStop.add(aws);
            Mailbox mailbox = new Mailbox(aws::sentEmails, clock);
            AwsClients clients = aws.clients();
            DynamoDbClient dynamoDb = clients.dynamoDb();
            SesV2Client ses = mailbox.recording(clients.sesV2());
            SqsClient sqs = clients.sqs();

            Map<String, String> overrides = Map.of(
                    "SenderAddress", options.sender(),
                    // Links in mail must lead back here, not to an API Gateway URL.
                    "PublicBaseUrl", baseUrl);
            LocalResources resources = LocalResources.create(template, overrides, dynamoDb, ses, sqs,
                    aws.mailEndpoint().toString(), aws.hasMail(), options.sender());

            Map<String, LocalFunction> functions = new LinkedHashMap<>();
            for (SamTemplate.Function spec : template.functions()) {
                String functionName = resources.functionName(spec);
                Map<String, String> env = resources.environment(spec);
                Map<Class<?>, Object> values = new LinkedHashMap<>();
                values.put(DynamoDbClient.class, dynamoDb);
                values.put(SesV2Client.class, ses);
                values.put(SqsClient.class, sqs);
                values.put(AwsClients.class, clients);
                values.put(Clock.class, clock);
                values.put(Log.class, new Log(component(functionName), console::println, logLevel(spec, resources), clock));
                functions.put(spec.logicalId(), LocalFunction.create(spec, functionName,
                        injectables(values, spec, env, campaigns)));
            }

            List<QueuePoller> pollers = aws.hasMail()
                    ? QueuePoller.from(List.copyOf(functions.values()), resources, sqs, console) : List.of();
            Scheduler scheduler = Scheduler.from(List.copyOf(functions.values()), clock, console);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "leadpipe-local-timers");
                t.setDaemon(true);
                return t;
            });
            toStop.add(timers::shutdownNow);
            for (QueuePoller poller : pollers) {
                timers.scheduleWithFixedDelay(guarded(poller::pollOnce, console), 0,
                        QUEUE_POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!scheduler.isEmpty()) {
                timers.scheduleWithFixedDelay(guarded(scheduler::tick, console), SCHEDULE_TICK.toMillis(),
                        SCHEDULE_TICK.toMillis(), TimeUnit.MILLISECONDS);
            }

            String mailProblem = aws.hasMail() ? null : "Email is off: " + aws.mailProblem()
                    + " To get email, install moto's server: pip install 'moto[server]' (Python 3.9+;"
                    + " LEADPIPE_PYTHON picks the interpreter), then restart. Until then signups stay pending.";
            List<String> timerDescriptions = new ArrayList<>();
            pollers.forEach(p -> timerDescriptions.add("SQS   " + p.description()));
            scheduler.schedules().forEach(s -> timerDescriptions.add("Timer " + s.description()));
            String dataDescription = data.map(d -> d + " (kept across restarts; mail and queues are not)")
                    .orElse("in memory (--in-memory): nothing is kept");
            LocalServer server = new LocalServer(http, routes, Cors.from(template, resources.intrinsics()), functions, clock, by -> {
                clock.advance(by);
                data.ifPresent(d -> d.saveClock(clock.instant()));
            }, mailbox, mailProblem, campaigns, () -> new LocalPages.Status(campaigns.ids(), campaigns.problems(),
                    routes.routes(), timerDescriptions, clock.instant(), clock.speed(),
                    aws.mailService().label() + (aws.hasMail() ? " (in memory: mail and queues reset on restart)" : ""),
                    mailProblem, dataDescription), console);

            LocalRunner runner = new LocalRunner(clock, data, aws, server, timers, pollers, scheduler, mailbox, resources);
            runner.printBanner(console, template, routes, campaigns, timerDescriptions, mailProblem, dataDescription,
                    Duration.ofNanos(System.nanoTime() - started));
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

    /**
     * What a handler constructor may ask for. The config is built per function from its own
     * environment in the template, and only when asked for (a function without TABLE_NAME, like
     * a future one with no table, can still run).
     */
    private static Function<Class<?>, Optional<Object>> injectables(Map<Class<?>, Object> values, SamTemplate.Function spec,
                                                                     Map<String, String> env, CampaignCheck campaigns) {
        return type -> {
            if (type == LeadpipeConfig.class) {
                try {
                    return Optional.of(LeadpipeConfig.from(env));
                } catch (IllegalArgumentException e) {
                    throw new TemplateException("Resources." + spec.logicalId() + ".Properties.Environment: " + e.getMessage());
                }
            }
            if (type == CampaignCatalog.class) {
                return Optional.of(campaigns.catalog());
            }
            return Optional.ofNullable(values.get(type));
        };
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

    /** Stops the timers, the server, the emulators (moto's process too); keeps the clock for the next run. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.shutdownNow();
        server.close();
        data.ifPresent(d -> d.saveClock(clock.instant()));
        aws.close();
        data.ifPresent(DataFolder::close);
        stopped.countDown();
    }

    private void printBanner(PrintStream out, SamTemplate template, TemplateRoutes routes, CampaignCheck campaigns,
                             List<String> timers, String mailProblem, String dataDescription, Duration startup) {
        String base = url().toString();
        List<Problem> problems = campaigns.problems();
        out.println();
        out.println("Leadpipe, running locally from " + template.file() + " (" + routes.routes().size() + " routes)");
        out.println("  DynamoDB   DynamoDB Local, " + dataDescription);
        out.println("  SES, SQS   " + (aws.hasMail() ? aws.mailService().label() + " at " + aws.mailEndpoint()
                + " (in memory: mail and queues reset on restart)" : "none"));
        out.println("  Clock      " + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + (clock.speed() == 1 ? ", real time"
                : ", " + speed(clock.speed()) + "x real time (a day every "
                + humanDuration(Duration.ofSeconds((long) (86_400 / clock.speed()))) + ")"));
        timers.forEach(t -> out.println("  Runs       " + t));
        out.println();
        out.println("  Campaign pages:");
        for (String id : campaigns.ids()) {
            boolean broken = problems.stream().anyMatch(p -> p.file().endsWith("/" + id + ".yaml"));
            out.println("    " + base + "/c/" + id + (broken ? "   (broken file, see below)" : ""));
        }
        if (campaigns.ids().isEmpty()) {
            out.println("    (none in " + campaigns.dir() + ")");
        }
        out.println("  Mailbox:      " + base + "/_local/mail");
        out.println("  Everything:   " + base + "/_local/");
        problems.forEach(p -> out.println("[campaign] " + p));
        if (mailProblem != null) {
            out.println();
            out.println("[local] " + mailProblem);
        }
        out.println();
        out.println("Ready in " + startup.toMillis() + " ms. Ctrl-C stops everything.");
    }

    private static String speed(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }

    private static String humanDuration(Duration d) {
        if (d.toHours() >= 1) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() >= 1) {
            return d.toMinutes() + " min";
        }
        return Math.max(1, d.toSeconds()) + " s";
    }

    /** Log component: the function name without the stack prefix ("submit"), as its log group has it. */
    private static String component(String functionName) {
        String prefix = LocalResources.STACK_NAME + "-";
        return functionName.startsWith(prefix) ? functionName.substring(prefix.length()) : functionName;
    }

    /** The function's LoggingConfig.ApplicationLogLevel, mapped onto the levels {@link Log} has. */
    private static Log.Level logLevel(SamTemplate.Function spec, LocalResources resources) {
        Object configured = SamTemplate.map(spec.properties().get("LoggingConfig")).get("ApplicationLogLevel");
        if (configured == null) {
            return Log.Level.INFO;
        }
        String level = resources.intrinsics().resolve(configured, spec.logicalId() + ".LoggingConfig").toUpperCase(Locale.ROOT);
        return switch (level) {
            case "TRACE", "DEBUG" -> Log.Level.DEBUG;
            case "WARN" -> Log.Level.WARN;
            case "ERROR", "FATAL" -> Log.Level.ERROR;
            default -> Log.Level.INFO;
        };
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

    private static Runnable guarded(java.util.function.IntSupplier task, PrintStream console) {
        return guarded((Runnable) task::getAsInt, console);
    }
}
