package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults() {
        Options o = Options.parse();

        assertThat(o.port()).isEqualTo(3000);
        assertThat(o.clockSpeed()).isEqualTo(1);
        assertThat(o.campaigns()).isEqualTo(Path.of("campaigns"));
        assertThat(o.data()).contains(Path.of(".local-data"));
        assertThat(o.sender()).isEqualTo("hello@leadpipe.local");
        assertThat(o.template()).isEqualTo(Path.of("template.yaml"));
    }

    @Test
    void everyOptionBothSpellings() {
        Options o = Options.parse("--port", "8080", "--clock-speed=1440", "--campaigns", "drafts", "--data=/tmp/lp",
                "--sender", "news@example.com", "--template", "other.yaml", "");

        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.clockSpeed()).isEqualTo(1440);
        assertThat(o.campaigns()).isEqualTo(Path.of("drafts"));
        assertThat(o.campaignsLabel()).isEqualTo("drafts");
        assertThat(o.data()).contains(Path.of("/tmp/lp"));
        assertThat(o.sender()).isEqualTo("news@example.com");
        assertThat(o.template()).isEqualTo(Path.of("other.yaml"));
        assertThat(Options.parse("--data", "x", "--in-memory").data()).isEqualTo(Optional.empty());
    }

    @Test
    void instancesPerFunctionDefaultToAFewAndAreSetByFlag() {
        // The environment may set LEADPIPE_LOCAL_INSTANCES; without it the default is a few.
        if (System.getenv(Options.INSTANCES_ENV) == null) {
            assertThat(Options.parse().instances()).isEqualTo(Options.DEFAULT_INSTANCES);
        }
        assertThat(Options.parse("--instances", "8").instances()).isEqualTo(8);
        assertThat(Options.parse("--instances=1").instances()).isEqualTo(1);
        assertThatThrownBy(() -> Options.parse("--instances", "0")).hasMessage("--instances must be between 1 and 64");
        assertThatThrownBy(() -> Options.parse("--instances", "many")).hasMessage("--instances must be a whole number");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> Options.parse("--port", "http")).hasMessage("--port must be a whole number");
        assertThatThrownBy(() -> Options.parse("--clock-speed", "0")).hasMessageStartingWith("--clock-speed must be above 0");
        assertThatThrownBy(() -> Options.parse("--campaigns")).hasMessage("--campaigns needs a value");
        assertThatThrownBy(() -> Options.parse("--sender", "nobody")).hasMessage("--sender must be an email address");
        assertThatThrownBy(() -> Options.parse("--fast")).hasMessage("unknown option --fast");
        assertThatThrownBy(() -> Options.parse("--webhook", "ftp://x")).hasMessageStartingWith("--webhook must be an http(s) URL");
        assertThat(Options.parse("--webhook=http://localhost:9000/hook").webhook())
                .contains(java.net.URI.create("http://localhost:9000/hook"));
        assertThatThrownBy(() -> Options.parse("--help")).isInstanceOf(Options.HelpRequested.class);
    }
}
