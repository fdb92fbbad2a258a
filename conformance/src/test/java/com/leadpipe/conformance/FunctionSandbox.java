package com.leadpipe.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One execution environment of a function, as Lambda's java21 managed runtime makes it: a JVM of its
 * own whose class path is only the runtime interface client (and its serialization and core jars),
 * working directory and {@code LAMBDA_TASK_ROOT} the artifact, main class {@code AWSLambda} with the
 * handler as argument. The runtime's own class loader then loads the artifact's root and
 * {@code lib/*.jar}. The environment holds what Lambda sets and the template's variables, nothing
 * inherited from the test JVM: credentials only through the container credentials endpoint.
 */
final class FunctionSandbox implements AutoCloseable {

    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Variables a SnapStart function must never get: its credentials come from the endpoint. */
    static final List<String> KEY_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    private final ConformanceStack.Function function;
    private final Process process;
    private final RuntimeApi runtimeApi;
    private final CredentialsEndpoint credentials;
    private final Path log;
    private final Map<String, String> environment;
    private final long initMillis;
    private int invocations;
    private int errors;

    private FunctionSandbox(ConformanceStack.Function function, Process process, RuntimeApi runtimeApi,
                            CredentialsEndpoint credentials, Path log, Map<String, String> environment, long initMillis) {
        this.function = function;
        this.process = process;
        this.runtimeApi = runtimeApi;
        this.credentials = credentials;
        this.log = log;
        this.environment = environment;
        this.initMillis = initMillis;
    }

    /**
     * Starts the JVM and waits until its init is over (SnapStart: the runtime called restore/next).
     *
     * @param endpoints AWS_ENDPOINT_URL_* variables pointing the SDK at the emulators
     */
    static FunctionSandbox start(ConformanceStack.Function function, Path artifact, Path runtimeClientDir,
                                 Map<String, String> endpoints, Path logDir) {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("the java21 runtime needs a JDK 21 or newer; this is " + Runtime.version());
        }
        if (!Files.isDirectory(artifact.resolve("lib"))) {
            throw new IllegalStateException(artifact + " is not built (run the package phase of its module)");
        }
        RuntimeApi runtimeApi = new RuntimeApi(function.arn(), function.timeoutSeconds());
        CredentialsEndpoint credentials = new CredentialsEndpoint();
        Map<String, String> env = environment(function, artifact, runtimeClientDir, runtimeApi, credentials, endpoints);
        Path log = logDir.resolve(function.logicalId() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(function.memoryMb()));
        command.add("-classpath");
        command.add(classPath(runtimeClientDir));
        command.add(RUNTIME_MAIN);
        command.add(function.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(artifact.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(logDir);
            process = builder.start();
        } catch (IOException e) {
            runtimeApi.close();
            credentials.close();
            throw new UncheckedIOException(e);
        }
        FunctionSandbox sandbox;
        try {
            long initDone = awaitInit(runtimeApi, process, function.timeoutSeconds());
            sandbox = new FunctionSandbox(function, process, runtimeApi, credentials, log, Map.copyOf(env),
                    TimeUnit.NANOSECONDS.toMillis(initDone - started));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            runtimeApi.close();
            credentials.close();
            throw new IllegalStateException(function.logicalId() + " did not initialise: " + e.getMessage()
                    + "\n--- function output (" + log + ") ---\n" + tail(log), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return sandbox;
    }

    /** What Lambda sets for a java21 function (reserved variables win over the template's), nothing else. */
    private static Map<String, String> environment(ConformanceStack.Function function, Path artifact, Path runtimeClientDir,
                                                   RuntimeApi runtimeApi, CredentialsEndpoint credentials,
                                                   Map<String, String> endpoints) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.putAll(endpoints);
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        env.put("LAMBDA_TASK_ROOT", artifact.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeClientDir.toString());
        env.put("AWS_REGION", ConformanceStack.REGION);
        env.put("AWS_DEFAULT_REGION", ConformanceStack.REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "conformance/[1]0123456789abcdef");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", function.snapStart() ? "snap-start" : "on-demand");
        if ("JSON".equalsIgnoreCase(function.logFormat())) {
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            if (function.logLevel() != null) {
                env.put("AWS_LAMBDA_LOG_LEVEL", function.logLevel());
            }
        }
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri());
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.token());
        KEY_VARIABLES.forEach(env::remove);
        return env;
    }

    /**
     * Close to what the managed runtime's bootstrap passes (its exact flags are not published): heap
     * at about 85 % of the function's memory, serial GC, class data sharing. {@code org.crac.Core.Compat}
     * points the org.crac API at the runtime client's own CRaC context (the runtime's "customized CRaC
     * context" its SnapStart docs mention; org.crac finds an implementation only through this property,
     * javax.crac or jdk.crac), so hooks registered with org.crac run at the checkpoint as in Lambda.
     * JAVA_TOOL_OPTIONS from the template comes through the environment, as in Lambda. Native access
     * is allowed for the runtime client's JNI library (only JDK 22+ would warn).
     */
    private static List<String> jvmOptions(int memoryMb) {
        return List.of("-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "--enable-native-access=ALL-UNNAMED");
    }

    /** The runtime client's jars, in name order: nothing of the function's, nothing of the test's. */
    private static String classPath(Path runtimeClientDir) {
        try (Stream<Path> jars = Files.list(runtimeClientDir)) {
            List<String> paths = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
            if (paths.isEmpty()) {
                throw new IllegalStateException(runtimeClientDir + " holds no jar (generate-test-resources copies them)");
            }
            return String.join(java.io.File.pathSeparator, paths);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long awaitInit(RuntimeApi api, Process process, int timeoutSeconds) {
        // Lambda allows 10 s for init (SnapStart: the whole init runs before the snapshot, up to 15 min).
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(60, timeoutSeconds)).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return api.initDone().get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the JVM exited with status " + process.exitValue() + " during init");
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException("no restore/next or invocation/next within the init time limit");
    }

    /**
     * Sends one event through the Runtime API and waits for what the runtime posts back. Waits at most
     * the function's Timeout plus a margin: a guard against a hang, not a performance assertion.
     */
    RuntimeApi.Outcome invoke(String payload) {
        RuntimeApi.Invocation invocation = runtimeApi.submit(payload.getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(function.timeoutSeconds() + 30L).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                RuntimeApi.Outcome outcome = invocation.outcome().get(200, TimeUnit.MILLISECONDS);
                invocations++;
                if (outcome.error()) {
                    errors++;
                }
                return outcome;
            } catch (TimeoutException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError(function.logicalId() + ": the JVM exited with status " + process.exitValue()
                            + " during an invocation\n" + output());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new AssertionError(function.logicalId() + ": no response within its Timeout of " + function.timeoutSeconds()
                + " s (+30 s)\n" + output());
    }

    ConformanceStack.Function function() {
        return function;
    }

    Map<String, String> environment() {
        return environment;
    }

    long initMillis() {
        return initMillis;
    }

    int invocations() {
        return invocations;
    }

    int errors() {
        return errors;
    }

    List<String> runtimeCalls() {
        return runtimeApi.calls();
    }

    CredentialsEndpoint credentials() {
        return credentials;
    }

    /** Everything the function printed so far (its log, the runtime's and the JVM's). */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /**
     * The end of the log, for assertion messages. The runtime logs an error after posting it, so this
     * first lets the file settle (a second at most): diagnostics only, nothing is asserted on timing.
     */
    String output() {
        long size = -1;
        for (int i = 0; i < 10 && size != log.toFile().length(); i++) {
            size = log.toFile().length();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "--- " + function.logicalId() + " output (" + log + ") ---\n" + tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtimeApi.close();
        credentials.close();
    }
}
