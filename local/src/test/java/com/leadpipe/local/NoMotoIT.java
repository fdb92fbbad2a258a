package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Without moto (and without Docker) the runner still starts, says what to install, and signups stay pending. */
class NoMailIT {

    static RunningLocally local;

    @BeforeAll
    static void start() {
        local = RunningLocally.start(o -> o.withPython("/nonexistent/python3"));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void startsAndSaysWhatToInstall() {
        assertThat(local.runner.aws().hasMail()).isFalse();
        assertThat(local.console()).contains("Email is off: moto server did not start (Cannot run '/nonexistent/python3'")
                .doesNotContain("LEADPIPE_EMULATORS")
                .contains("pip install 'moto[server]'").contains("Ready in");
        assertThat(local.get("/_local/mail").body()).contains("Email is off").contains("pip install");
    }

    @Test
    void signupsAreAcceptedAndStayPending() {
        HttpResponse<String> submitted = local.postForm("/c/demo/subscribe", "email=nomail%40example.org&consent=yes");

        assertThat(submitted.statusCode()).isEqualTo(303);
        assertThat(local.get("/_local/mail.json").body()).isEqualTo("[ ]");
        assertThat(local.console()).contains("\"event\":\"confirmation.send_failed\"").contains("\"event\":\"signup.pending_mail_deferred\"");
    }
}
