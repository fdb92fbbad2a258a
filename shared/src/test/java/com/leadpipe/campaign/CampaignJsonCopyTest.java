package com.leadpipe.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Functions read the build's JSON copy of each campaign; it must mean exactly what the YAML says. */
class CampaignJsonCopyTest {

    @Test
    void theJsonCopyParsesToTheSameCampaignAsTheYaml() {
        CampaignCatalog packaged = CampaignCatalog.fromClasspath();
        CampaignCatalog sources = CampaignCatalog.fromDirectory(Path.of("..", "campaigns"));

        for (String id : sources.ids()) {
            assertThat(packaged.find(id)).as(id).isEqualTo(sources.find(id));
        }
        assertThat(packaged.ids()).isEqualTo(sources.ids());
    }
}
