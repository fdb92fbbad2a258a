package com.leadpipe.functions.events;

import com.leadpipe.json.JsonTree;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** docs/events/lead-event.schema.json, the published contract, checked against what we produce. */
final class LeadEventSchema {

    static final Path FILE = Path.of("../../docs/events/lead-event.schema.json");
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(read(), InputFormat.JSON);

    private LeadEventSchema() {
    }

    /** The schema's complaints about one event's detail (none: valid). */
    static List<String> problems(Object detail) {
        return SCHEMA.validate(JsonTree.write(detail), InputFormat.JSON).stream()
                .map(Error::toString).toList();
    }

    private static String read() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
