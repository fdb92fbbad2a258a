package com.leadpipe.local;

import com.leadpipe.testing.MotoPython;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line options of the local runner. Paths are relative to the working directory, which
 * the Maven command sets to the repository root.
 *
 * @param data        folder for data kept across restarts; empty with {@code --in-memory}
 * @param campaigns   folder of campaign files, re-read on every request
 * @param campaignsLabel the campaign folder as given, for messages
 * @param webhook     {@code --webhook URL}: where lead events are POSTed, as an EventBridge API destination would
 * @param python      the Python to run moto with ({@code LEADPIPE_PYTHON}); null to let MotoPython find or install one
 * @param instances   containers per function at once ({@code --instances}, {@code LEADPIPE_LOCAL_INSTANCES})
 */
public record Options(int port, double clockSpeed, Path campaigns, String campaignsLabel, Optional<Path> data,
                      String sender, Path template, String python, int instances, Optional<URI> webhook) {

    public static final int DEFAULT_PORT = 3000;
    public static final String DEFAULT_SENDER = "hello@leadpipe.local";
    /** Containers per function at once: a few, as Lambda runs a few under a burst of visitors. */
    public static final int DEFAULT_INSTANCES = 4;
    public static final String INSTANCES_ENV = "LEADPIPE_LOCAL_INSTANCES";

    public static final String USAGE = """
            Leadpipe local runner: the whole backend on http://localhost:3000, no AWS account, no Docker.

            Options (with Maven: -Dlocal.args="--clock-speed 1440 --port 8080"):
              --port N            HTTP port (default 3000)
              --clock-speed N     the clock runs N times faster than real time; 1440 = a day per minute (default 1)
              --campaigns DIR     campaign files to serve, re-read on every request (default campaigns)
              --data DIR          where data is kept across restarts (default .local-data)
              --in-memory         keep nothing: tables start empty and are gone when the runner stops
              --sender ADDRESS    From address of mail (default hello@leadpipe.local)
              --instances N       containers per function at once, each its own handler (default 4,
                                  or LEADPIPE_LOCAL_INSTANCES); 1 runs one request at a time
              --webhook URL       POST every lead event there (JSON, retried up to 5 times), as the stack's webhook would
              --template FILE     the SAM template whose routes and functions to run (default template.yaml)
              --help              this text

            DynamoDB, SES and SQS come from moto server. Without a Python that has it, the runner installs
            moto[server]==5.2.1 into .leadpipe/venv (python3 >= 3.9 needed; LEADPIPE_PYTHON picks the Python).
            """;

    /** Defaults: port 3000, real-time clock, the repository's campaigns and template, data in .local-data. */
    public static Options defaults() {
        return new Options(DEFAULT_PORT, 1, Path.of("campaigns"), "campaigns", Optional.of(Path.of(".local-data")),
                DEFAULT_SENDER, Path.of("template.yaml"), configuredPython(), configuredInstances(), Optional.empty());
    }

    /** @throws IllegalArgumentException naming the bad option; {@link HelpRequested} for --help */
    public static Options parse(String... args) {
        Options o = defaults();
        boolean inMemory = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isBlank()) {
                continue; // an empty -Dlocal.args
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--help", "-h" -> throw new HelpRequested();
                case "--in-memory" -> inMemory = true;
                case "--port", "--clock-speed", "--campaigns", "--data", "--sender", "--template", "--instances", "--webhook" -> {
                    String value = inline != null ? inline : ++i < args.length ? args[i] : null;
                    if (value == null || value.isBlank()) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    o = with(o, name, value);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return inMemory ? o.inMemory() : o;
    }

    private static Options with(Options o, String name, String value) {
        return switch (name) {
            case "--port" -> {
                int port = number(name, value);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("--port must be between 0 and 65535");
                }
                yield new Options(port, o.clockSpeed, o.campaigns, o.campaignsLabel, o.data, o.sender, o.template, o.python, o.instances, o.webhook);
            }
            case "--clock-speed" -> {
                double speed;
                try {
                    speed = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--clock-speed must be a number, e.g. 1440");
                }
                if (!(speed > 0) || speed > FastClock.MAX_SPEED) {
                    throw new IllegalArgumentException("--clock-speed must be above 0 and at most " + (long) FastClock.MAX_SPEED);
                }
                yield new Options(o.port, speed, o.campaigns, o.campaignsLabel, o.data, o.sender, o.template, o.python, o.instances, o.webhook);
            }
            case "--instances" -> o.withInstances(instances(name, value));
            case "--campaigns" -> new Options(o.port, o.clockSpeed, Path.of(value), value, o.data, o.sender, o.template, o.python, o.instances, o.webhook);
            case "--data" -> new Options(o.port, o.clockSpeed, o.campaigns, o.campaignsLabel, Optional.of(Path.of(value)),
                    o.sender, o.template, o.python, o.instances, o.webhook);
            case "--sender" -> {
                if (!value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    throw new IllegalArgumentException("--sender must be an email address");
                }
                yield new Options(o.port, o.clockSpeed, o.campaigns, o.campaignsLabel, o.data, value, o.template, o.python, o.instances, o.webhook);
            }
            case "--webhook" -> {
                if (!value.matches("https?://\\S+")) {
                    throw new IllegalArgumentException("--webhook must be an http(s) URL, e.g. http://localhost:9000/hook");
                }
                yield new Options(o.port, o.clockSpeed, o.campaigns, o.campaignsLabel, o.data, o.sender, o.template, o.python,
                        o.instances, Optional.of(URI.create(value)));
            }
            default -> new Options(o.port, o.clockSpeed, o.campaigns, o.campaignsLabel, o.data, o.sender, Path.of(value), o.python, o.instances, o.webhook);
        };
    }

    public Options withWebhook(URI url) {
        return new Options(port, clockSpeed, campaigns, campaignsLabel, data, sender, template, python, instances,
                Optional.of(url));
    }

    public Options inMemory() {
        return new Options(port, clockSpeed, campaigns, campaignsLabel, Optional.empty(), sender, template, python, instances, webhook);
    }

    public Options withData(Path dir) {
        return new Options(port, clockSpeed, campaigns, campaignsLabel, Optional.of(dir), sender, template, python, instances, webhook);
    }

    public Options withPort(int port) {
        return new Options(port, clockSpeed, campaigns, campaignsLabel, data, sender, template, python, instances, webhook);
    }

    public Options withCampaigns(Path dir) {
        return new Options(port, clockSpeed, dir, dir.toString(), data, sender, template, python, instances, webhook);
    }

    public Options withTemplate(Path file) {
        return new Options(port, clockSpeed, campaigns, campaignsLabel, data, sender, file, python, instances, webhook);
    }

    public Options withClockSpeed(double speed) {
        return new Options(port, speed, campaigns, campaignsLabel, data, sender, template, python, instances, webhook);
    }

    public Options withPython(String python) {
        return new Options(port, clockSpeed, campaigns, campaignsLabel, data, sender, template, python, instances, webhook);
    }

    public Options withInstances(int instances) {
        return new Options(port, clockSpeed, campaigns, campaignsLabel, data, sender, template, python, instances, webhook);
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    private static int instances(String name, String value) {
        int n = number(name, value);
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException(name + " must be between 1 and 64");
        }
        return n;
    }

    private static int configuredInstances() {
        String configured = System.getenv(INSTANCES_ENV);
        return configured == null || configured.isBlank() ? DEFAULT_INSTANCES : instances(INSTANCES_ENV, configured.strip());
    }

    private static String configuredPython() {
        String configured = System.getenv(MotoPython.ENV);
        return configured == null || configured.isBlank() ? null : configured.strip();
    }

    /** {@code --help}: print {@link #USAGE} and stop. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
