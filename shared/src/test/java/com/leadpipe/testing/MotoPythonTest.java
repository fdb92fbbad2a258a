package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Python runs moto, and when the runner installs one: decided on fake processes, nothing installed. */
class MotoPythonTest {

    @TempDir
    Path root;

    final FakeCommands commands = new FakeCommands();
    final List<String> console = new ArrayList<>();

    @Test
    void python3WithMotoIsUsedAsItIs() {
        // GIVEN python3 has moto server, and there is no project venv
        commands.answer("python3", "3.11 5.2.1");

        // WHEN
        MotoPython.Found found = python(null).findOrInstall(console::add);

        // THEN nothing is installed
        assertThat(found).isEqualTo(new MotoPython.Found("python3", "3.11", "5.2.1"));
        assertThat(commands.ran).containsExactly("python3 -c");
        assertThat(console).isEmpty();
    }

    @Test
    void theProjectVenvComesFirstWhenItHasMoto() throws IOException {
        // GIVEN a project venv with moto
        MotoPython python = python(null);
        fakeExecutable(python.venvPython());
        commands.answer(python.venvPython().toString(), "3.12 5.2.1");

        // WHEN
        MotoPython.Found found = python.find();

        // THEN python3 is not even asked
        assertThat(found.python()).isEqualTo(python.venvPython().toString());
        assertThat(commands.ran).containsExactly(python.venvPython() + " -c");
    }

    @Test
    void withoutMotoTheRunnerInstallsThePinnedVersionIntoTheProjectVenv() {
        // GIVEN python3 3.11 without moto; venv creation and pip succeed
        MotoPython python = python(null);
        String venv = python.venvPython().toString();
        commands.answer("python3", "3.11 -");
        commands.onVenv(() -> fakeExecutable(python.venvPython()));
        commands.answer(venv + " -m", "");
        commands.answer(venv, "3.11 5.2.1");

        // WHEN
        MotoPython.Found found = python.findOrInstall(console::add);

        // THEN it made the venv, pip-installed exactly moto[server]==5.2.1 and said so
        assertThat(found.python()).isEqualTo(venv);
        assertThat(commands.ran).containsExactly("python3 -c", "python3 -m", venv + " -m", venv + " -c");
        assertThat(commands.commands.get(1)).containsExactly("python3", "-m", "venv", root.resolve(".leadpipe/venv").toString());
        assertThat(commands.commands.get(2)).contains("pip", "install", "moto[server]==5.2.1");
        assertThat(console.getFirst()).contains("python3 3.11 has no moto server").contains("Installing moto[server]==5.2.1 into .leadpipe/venv");
        assertThat(console.getLast()).isEqualTo("Installed moto[server]==5.2.1 into .leadpipe/venv.");
    }

    @Test
    void aFailedInstallStopsWithWhatToInstall() {
        // GIVEN python3 without moto and no way to reach PyPI
        MotoPython python = python(null);
        commands.answer("python3", "3.11 -");
        commands.onVenv(() -> fakeExecutable(python.venvPython()));
        commands.fail(python.venvPython() + " -m", "ERROR: Could not find a version that satisfies the requirement moto[server]==5.2.1");

        // WHEN / THEN
        assertThatThrownBy(() -> python.findOrInstall(console::add))
                .isInstanceOfSatisfying(MotoPython.NoMoto.class, e -> assertThat(e.instructions())
                        .contains("Installing moto[server]==5.2.1 into .leadpipe/venv failed")
                        .contains("Could not find a version")
                        .contains("Install Python 3.9 or newer (python3) and run: pip install 'moto[server]==5.2.1'")
                        .contains("LEADPIPE_PYTHON=/path/to/python"));
    }

    @Test
    void aVenvThatCannotBeCreatedNamesTheDebianPackage() {
        commands.answer("python3", "3.11 -");
        commands.fail("python3 -m", "The virtual environment was not created successfully because ensurepip is not available.");

        assertThatThrownBy(() -> python(null).findOrInstall(console::add))
                .isInstanceOfSatisfying(MotoPython.NoMoto.class, e -> assertThat(e.getMessage())
                        .contains("python3 -m venv .leadpipe/venv failed").contains("apt-get install python3-venv"));
    }

    @Test
    void noPythonOrAnOldOneIsNotInstalledInto() {
        // GIVEN no python3 at all
        assertThatThrownBy(() -> python(null).findOrInstall(console::add))
                .isInstanceOfSatisfying(MotoPython.NoMoto.class, e -> {
                    assertThat(e.installable()).isFalse();
                    assertThat(e.instructions()).startsWith("No python3 on this machine").contains("pip install 'moto[server]==5.2.1'");
                });

        // GIVEN python3 3.8, even with moto
        commands.answer("python3", "3.8 4.2.0");
        assertThatThrownBy(() -> python(null).findOrInstall(console::add))
                .hasMessage("python3 is 3.8; moto server needs 3.9 or newer.");
        assertThat(commands.ran).doesNotContain("python3 -m");
    }

    @Test
    void leadpipePythonIsTheOnlyOneTriedAndNeverInstalledInto() {
        // GIVEN LEADPIPE_PYTHON names a Python without moto, while python3 has it
        commands.answer("/opt/py/bin/python", "3.12 -");
        commands.answer("python3", "3.11 5.2.1");

        // WHEN / THEN
        assertThatThrownBy(() -> python("/opt/py/bin/python").findOrInstall(console::add))
                .isInstanceOfSatisfying(MotoPython.NoMoto.class, e -> assertThat(e.instructions())
                        .startsWith("LEADPIPE_PYTHON=/opt/py/bin/python has no moto server")
                        .contains("pip install 'moto[server]==5.2.1'"));
        assertThat(commands.ran).containsExactly("/opt/py/bin/python -c");

        // AND one that cannot run at all says so
        assertThatThrownBy(() -> python("/nonexistent/python3").find())
                .hasMessageStartingWith("LEADPIPE_PYTHON=/nonexistent/python3 cannot run: ");
    }

    @Test
    void theProbeRunsOnARealPython() {
        // The probe script itself, on the machine's python3 when there is one: it prints "X.Y version-or-dash".
        MotoPython.Result result = MotoPython.runProcess(List.of("python3", "-c", MotoPython.PROBE), Duration.ofSeconds(30));
        if (result.exitCode() == -1) {
            assertThat(result.output()).isNotBlank(); // no python3 here: the reason is kept for the message
        } else {
            assertThat(result.output().strip()).matches("3\\.\\d+ (-|\\d+\\.\\d+.*)");
        }
    }

    @Test
    void theProjectRootIsFoundFromAModuleFolder() {
        Path found = MotoPython.projectRoot();

        assertThat(found.resolve(".mvn")).isDirectory();
        assertThat(found.resolve("shared/pom.xml")).isRegularFile();
    }

    private MotoPython python(String configured) {
        return new MotoPython(commands, root, configured);
    }

    private static void fakeExecutable(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers by "program first-argument"; anything unknown cannot be started (exit -1), as a missing program. */
    static final class FakeCommands implements MotoPython.Commands {
        final List<String> ran = new ArrayList<>();
        final List<List<String>> commands = new ArrayList<>();
        private final Map<String, MotoPython.Result> answers = new HashMap<>();
        private Runnable onVenv = () -> { };

        void answer(String programAndFirstArgument, String output) {
            String key = programAndFirstArgument.contains(" ") ? programAndFirstArgument : programAndFirstArgument + " -c";
            answers.put(key, new MotoPython.Result(0, output));
        }

        void fail(String programAndFirstArgument, String output) {
            answers.put(programAndFirstArgument, new MotoPython.Result(1, output));
        }

        void onVenv(Runnable created) {
            this.onVenv = created;
            answers.putIfAbsent("python3 -m", new MotoPython.Result(0, ""));
        }

        @Override
        public MotoPython.Result run(List<String> command, Duration timeout) {
            String key = command.get(0) + " " + command.get(1);
            ran.add(key);
            commands.add(List.copyOf(command));
            MotoPython.Result result = answers.getOrDefault(key, new MotoPython.Result(-1, "Cannot run program \"" + command.get(0) + "\""));
            if (key.equals("python3 -m") && result.ok()) {
                onVenv.run();
            }
            return result;
        }
    }
}
