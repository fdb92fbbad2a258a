package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.leadpipe.testing.EmulatorUnavailableException;
import com.leadpipe.testing.LocalStackEmulator;
import org.junit.jupiter.api.Test;

/**
 * Without a Python that has moto (and without Docker) there is no DynamoDB either: the runner does
 * not start, and says exactly what to install. How a Python is found or moto installed is
 * MotoPythonTest's subject; this is the runner's answer when that fails.
 */
class NoMotoIT {

    @Test
    void refusesToStartAndSaysWhatToInstall() {
        assumeFalse(LocalStackEmulator.dockerAvailable(), "with Docker the runner falls back to LocalStack instead");

        // WHEN LEADPIPE_PYTHON names a Python that does not exist
        assertThatThrownBy(() -> RunningLocally.start(o -> o.withPython("/nonexistent/python3")))

                // THEN
                .isInstanceOf(EmulatorUnavailableException.class)
                .hasMessageStartingWith("LEADPIPE_PYTHON=/nonexistent/python3 cannot run: ")
                .hasMessageContaining("Install Python 3.9 or newer (python3) and run: pip install 'moto[server]==5.2.1'")
                .hasMessageContaining("LEADPIPE_PYTHON=/path/to/python")
                .hasMessageNotContaining("LEADPIPE_EMULATORS");
    }
}
