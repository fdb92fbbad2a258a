package com.leadpipe.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Which Python runs moto server, decided the same way for the integration tests and the local
 * runner: {@code LEADPIPE_PYTHON} when set; else the project's own virtual environment
 * ({@code .leadpipe/venv}, gitignored) when it has moto; else {@code python3} when it has moto.
 * Only the runner goes further: with none of them, {@link #install} puts a pinned moto into the
 * project venv, so its quick start stays one command on a fresh machine.
 *
 * <p>Processes are run through {@link Commands}, so the decisions are unit-tested without any
 * Python on the machine.
 */
public final class MotoPython {

    public static final String ENV = "LEADPIPE_PYTHON";
    /** What the project venv gets, and what every message tells people to install. */
    public static final String MOTO_REQUIREMENT = "moto[server]==5.2.1";
    public static final String PIP_INSTALL = "pip install '" + MOTO_REQUIREMENT + "'";
    /** Relative to the project root. */
    public static final Path VENV = Path.of(".leadpipe", "venv");
    /** moto 5.2 needs 3.9. */
    static final int MIN_MINOR = 9;

    /** Prints "3.11 5.2.1" (moto's version, or "-" without moto server's packages); imports nothing heavy. */
    static final String PROBE = """
            import sys, importlib.util as u, importlib.metadata as m
            ok = all(u.find_spec(n) for n in ('moto', 'flask', 'flask_cors'))
            print('%d.%d %s' % (sys.version_info[0], sys.version_info[1], m.version('moto') if ok else '-'))
            """;

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VENV_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PIP_TIMEOUT = Duration.ofMinutes(10);

    /** Runs a command to its end; an exit code of -1 means it could not be started at all. */
    @FunctionalInterface
    public interface Commands {
        Result run(List<String> command, Duration timeout);
    }

    public record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** A Python with moto server. */
    public record Found(String python, String pythonVersion, String motoVersion) {
    }

    /** No usable Python: why, and whether {@link #install} may help (a python3 >= 3.9 without moto). */
    public static final class NoMoto extends RuntimeException {
        private final boolean installable;

        NoMoto(String reason, boolean installable) {
            super(reason);
            this.installable = installable;
        }

        public boolean installable() {
            return installable;
        }

        /** The reason plus exactly what to install, for a console or a failed test. */
        public String instructions() {
            return getMessage() + " Install Python 3." + MIN_MINOR + " or newer (python3) and run: " + PIP_INSTALL
                    + "; or set " + ENV + "=/path/to/python of a Python that has it.";
        }
    }

    private final Commands commands;
    private final Path root;
    private final String configured;

    /**
     * @param root       the project root, where {@link #VENV} lives
     * @param configured {@code LEADPIPE_PYTHON}, or null/blank when not set
     */
    public MotoPython(Commands commands, Path root, String configured) {
        this.commands = commands;
        this.root = root;
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
    }

    /** Real processes, the repository this JVM runs in, {@code LEADPIPE_PYTHON} from the environment. */
    public static MotoPython fromEnvironment() {
        return forProject(System.getenv(ENV));
    }

    /** Real processes, the repository this JVM runs in, {@code configured} as if it were {@code LEADPIPE_PYTHON}. */
    public static MotoPython forProject(String configured) {
        return new MotoPython(MotoPython::runProcess, projectRoot(), configured);
    }

    /** The interpreter inside {@link #VENV}. */
    public Path venvPython() {
        Path venv = root.resolve(VENV);
        return File.separatorChar == '\\' ? venv.resolve("Scripts").resolve("python.exe") : venv.resolve("bin").resolve("python");
    }

    /**
     * The Python to run moto with, installing nothing.
     *
     * @throws NoMoto saying why none fits
     */
    public Found find() {
        if (configured != null) {
            Probe probe = probe(configured);
            if (probe.hasMoto()) {
                return probe.found();
            }
            throw new NoMoto(ENV + "=" + configured + (probe.runs()
                    ? " has no moto server (" + probe.problem() + ")." : " cannot run: " + probe.problem() + "."), false);
        }
        Path venv = venvPython();
        if (Files.isExecutable(venv)) {
            Probe probe = probe(venv.toString());
            if (probe.hasMoto()) {
                return probe.found();
            }
        }
        Probe system = probe("python3");
        if (system.hasMoto()) {
            return system.found();
        }
        if (!system.runs()) {
            throw new NoMoto("No python3 on this machine (" + system.problem() + ").", false);
        }
        if (!system.recentEnough()) {
            throw new NoMoto("python3 is " + system.version() + "; moto server needs 3." + MIN_MINOR + " or newer.", false);
        }
        throw new NoMoto("python3 " + system.version() + " has no moto server.", true);
    }

    /**
     * {@link #find()}, and when only moto is missing, a pinned moto installed into {@link #VENV}
     * (created with {@code python3 -m venv} if need be), each step said on {@code console}.
     *
     * @throws NoMoto when there is no suitable Python or the install fails (e.g. no network to PyPI)
     */
    public Found findOrInstall(Consumer<String> console) {
        try {
            return find();
        } catch (NoMoto missing) {
            if (!missing.installable()) {
                throw missing;
            }
            return install(missing, console);
        }
    }

    private Found install(NoMoto missing, Consumer<String> console) {
        Path venv = root.resolve(VENV);
        String shown = root.relativize(venv).toString();
        console.accept(missing.getMessage() + " Installing " + MOTO_REQUIREMENT + " into " + shown
                + " (once; this downloads from PyPI and takes a minute)...");
        if (!Files.isExecutable(venvPython())) {
            Result created = commands.run(List.of("python3", "-m", "venv", venv.toString()), VENV_TIMEOUT);
            if (!created.ok()) {
                throw new NoMoto("python3 -m venv " + shown + " failed (" + lastLines(created.output())
                        + "; on Debian or Ubuntu: apt-get install python3-venv).", false);
            }
        }
        Result pip = commands.run(List.of(venvPython().toString(), "-m", "pip", "install",
                "--disable-pip-version-check", "--quiet", MOTO_REQUIREMENT), PIP_TIMEOUT);
        if (!pip.ok()) {
            throw new NoMoto("Installing " + MOTO_REQUIREMENT + " into " + shown + " failed (" + lastLines(pip.output())
                    + ").", false);
        }
        Probe installed = probe(venvPython().toString());
        if (!installed.hasMoto()) {
            throw new NoMoto("pip installed " + MOTO_REQUIREMENT + " into " + shown + " but it does not import ("
                    + installed.problem() + ").", false);
        }
        console.accept("Installed " + MOTO_REQUIREMENT + " into " + shown + ".");
        return installed.found();
    }

    /** What one interpreter is: does it start, which version, has it moto server. */
    private record Probe(String python, boolean runs, String version, String moto, String problem) {

        boolean hasMoto() {
            return runs && moto != null && recentEnough();
        }

        boolean recentEnough() {
            String[] parts = version.split("\\.");
            try {
                return Integer.parseInt(parts[0]) > 3 || (Integer.parseInt(parts[0]) == 3 && Integer.parseInt(parts[1]) >= MIN_MINOR);
            } catch (RuntimeException e) {
                return false;
            }
        }

        Found found() {
            return new Found(python, version, moto);
        }
    }

    private Probe probe(String python) {
        Result result = commands.run(List.of(python, "-c", PROBE), PROBE_TIMEOUT);
        if (!result.ok()) {
            return new Probe(python, false, "", null, lastLines(result.output()));
        }
        String[] words = result.output().strip().split("\\s+");
        if (words.length != 2) {
            return new Probe(python, false, "", null, "unexpected answer: " + lastLines(result.output()));
        }
        boolean moto = !words[1].equals("-");
        return new Probe(python, true, words[0], moto ? words[1] : null,
                moto ? "" : "import moto, flask or flask_cors fails; Python " + words[0]);
    }

    /**
     * The checkout this JVM runs in: the nearest folder up from the working directory with the
     * Maven wrapper's {@code .mvn}, as tests run in module folders and the runner at the root.
     */
    public static Path projectRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return cwd;
    }

    /** {@link Commands} with real processes; output goes to a file (an unread pipe could block). */
    static Result runProcess(List<String> command, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("leadpipe-python-", ".log");
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            } catch (IOException cannotStart) {
                return new Result(-1, cannotStart.getMessage());
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** The last few lines of a tool's output, on one line, for a message. */
    static String lastLines(String output) {
        List<String> lines = new ArrayList<>(output.strip().lines().filter(l -> !l.isBlank()).toList());
        if (lines.isEmpty()) {
            return "no output";
        }
        String tail = String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()).stream()
                .map(String::strip).toList());
        return tail.length() <= 400 ? tail : "..." + tail.substring(tail.length() - 400);
    }
}
