package com.leadpipe.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: template.yaml and campaigns/ are read from it, as the runner does. */
final class Repository {

    static final Path ROOT = find();

    private Repository() {
    }

    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("campaigns"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }
}
