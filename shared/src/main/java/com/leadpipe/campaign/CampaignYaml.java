package com.leadpipe.campaign;

import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a campaign file's YAML into maps, lists and scalars. Used at build time and by the local
 * runner; deployed functions read the build's JSON copy instead (with {@code JsonTree}), so
 * snakeyaml-engine is never loaded in Lambda (cold start).
 */
final class CampaignYaml {

    private CampaignYaml() {
    }

    static Object load(String file, String yaml) {
        try {
            return new Load(LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build())
                    .loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new CampaignException(List.of(new CampaignException.Problem(file, "", "not valid YAML: "
                    + e.getMessage().replace('\n', ' '))));
        }
    }
}
