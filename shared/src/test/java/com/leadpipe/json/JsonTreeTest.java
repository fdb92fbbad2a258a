package com.leadpipe.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON writer: what it writes, the reader gives back. */
class JsonTreeTest {

    @Test
    void writesWhatItReadsBack() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("text", "quote \" backslash \\ newline \n tab \t nul \u0000 é 😀 \u2028");
        tree.put("int", 42);
        tree.put("long", 1L << 40);
        tree.put("decimal", new BigDecimal("1.25"));
        tree.put("double", 0.5);
        tree.put("bool", false);
        tree.put("null", null);
        tree.put("list", Arrays.asList("a", 1, null, List.of()));
        tree.put("nested", Map.of("k", Map.of()));

        String json = JsonTree.write(tree);

        assertThat(json).startsWith("{\"text\":").doesNotContain("\n");
        Map<String, Object> back = JsonTree.object(Map.of("x", JsonTree.parse(json)), "x");
        assertThat(back.get("text")).isEqualTo(tree.get("text"));
        assertThat(back.get("int")).isEqualTo(42);
        assertThat(back.get("long")).isEqualTo(1L << 40);
        assertThat(back.get("decimal")).isEqualTo(1.25);
        assertThat(back.get("bool")).isEqualTo(false);
        assertThat(back).containsEntry("null", null);
        assertThat(back.get("list")).isEqualTo(Arrays.asList("a", 1, null, List.of()));
        assertThat(back.get("nested")).isEqualTo(Map.of("k", Map.of()));
    }

    @Test
    void answersAreCompactObjectsInInsertionOrder() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid");
        body.put("fields", Map.of("email", "Enter <your> \"address\"."));

        assertThat(JsonTree.write(body))
                .isEqualTo("{\"error\":\"invalid\",\"fields\":{\"email\":\"Enter <your> \\\"address\\\".\"}}");
    }
}
