package com.leadpipe.campaign;

import com.leadpipe.json.JsonTree;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The structure of a campaign file: {@code campaigns/campaign.schema.json} (JSON Schema 2020-12,
 * the file editors use for completion), checked with networknt's json-schema-validator. Build and
 * test time only. Each error becomes a {@code file: field: reason} problem in the words the rest
 * of the check uses: the field as a dotted path ({@code survey.questions[2].id}), the reason from
 * the schema's {@code errorMessage} or from the keyword that failed.
 */
final class CampaignSchema {

    static final String RESOURCE = "campaigns/campaign.schema.json";

    private static final String SOURCE = read();
    private static final JsonNode TREE = new ObjectMapper().readTree(SOURCE);
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .errorMessageKeyword("errorMessage").locale(Locale.ROOT).build()))
            .getSchema(SOURCE, InputFormat.JSON);

    private CampaignSchema() {
    }

    /** Every structural problem of a file's tree (maps, lists and scalars, nulls already removed). */
    static List<CampaignException.Problem> check(String file, Object tree) {
        String json = JsonTree.write(tree);
        Set<CampaignException.Problem> problems = new LinkedHashSet<>();
        for (Error error : SCHEMA.validate(json, InputFormat.JSON)) {
            problems.add(problem(file, error, JsonTree.parse(json)));
        }
        return new ArrayList<>(problems);
    }

    private static CampaignException.Problem problem(String file, Error error, Object tree) {
        String at = path(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        // required and additionalProperties fail on the object; name the member instead.
        String field = (keyword.equals("required") || keyword.equals("additionalProperties")) && error.getProperty() != null
                ? join(at, error.getProperty()) : at;
        return new CampaignException.Problem(file, field, message(error, keyword, at, tree));
    }

    private static String message(Error error, String keyword, String at, Object tree) {
        JsonNode value = error.getInstanceNode();
        String text = value != null && value.isValueNode() ? value.asString() : "";
        // The value, where it helps and fits on the problem's one line.
        String got = text.isBlank() || text.length() > 60 || text.matches("(?s).*[\\r\\n].*") ? "" : " (got '" + text + "')";
        if (error.isCustomMessage()) {
            return error.getMessage() + (keyword.equals("pattern") || keyword.equals("const") ? got : "");
        }
        JsonNode schema = error.getSchemaNode();
        return switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known setting (known: " + known(error) + ")";
            case "false" -> "is not a setting of " + owner(tree, error.getInstanceLocation());
            case "type" -> at.isEmpty() ? "must be a YAML mapping with id, title, sender, consent, page, confirmation, "
                    + "thanks, confirmed" : typeMessage(schema);
            case "maxLength" -> "is longer than " + schema.asInt() + " characters";
            case "maxItems" -> "has more than " + schema.asInt() + " items";
            case "minItems" -> "needs at least " + schema.asInt() + " item(s)";
            case "minimum", "maximum" -> "must be between " + bound(error, "minimum") + " and "
                    + bound(error, "maximum") + got;
            case "enum" -> "must be one of " + String.join(", ", enumValues(schema)) + got;
            case "uniqueItems" -> "has the same item twice";
            default -> error.getMessage();
        };
    }

    private static String typeMessage(JsonNode type) {
        Set<String> types = new TreeSet<>();
        type.forEach(t -> types.add(t.asString()));
        if (type.isString()) {
            types.add(type.asString());
        }
        if (types.contains("object")) {
            return "must be a mapping";
        }
        if (types.contains("array")) {
            return types.contains("string") ? "must be one value or a list" : "must be a list";
        }
        if (types.contains("string")) {
            return "must be text";
        }
        if (types.contains("boolean")) {
            return "must be true or false";
        }
        return types.contains("integer") ? "must be a whole number" : "must be a number";
    }

    /** What holds a setting that its kind does not have, e.g. "a scale question". */
    private static String owner(Object tree, NodePath location) {
        Object node = tree;
        for (int i = 0; i + 1 < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            node = element instanceof Integer index ? ((List<?>) node).get(index) : ((Map<?, ?>) node).get(element);
        }
        Object type = node instanceof Map<?, ?> map ? map.get("type") : null;
        return type == null ? "this kind" : "a " + type + " question";
    }

    /** The properties the object's schema names, for "is not a known setting". */
    private static String known(Error error) {
        String pointer = error.getSchemaLocation().getFragment().toString();
        JsonNode object = TREE.at(pointer.substring(0, pointer.lastIndexOf('/')));
        return String.join(", ", new TreeSet<>(object.path("properties").propertyNames()));
    }

    private static String bound(Error error, String keyword) {
        String pointer = error.getSchemaLocation().getFragment().toString();
        JsonNode sibling = TREE.at(pointer.substring(0, pointer.lastIndexOf('/'))).path(keyword);
        return sibling.isMissingNode() ? (keyword.equals("minimum") ? "-∞" : "∞") : sibling.asString();
    }

    private static List<String> enumValues(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asString()));
        return out;
    }

    /** {@code /survey/questions/2/id} as {@code survey.questions[2].id}. */
    private static String path(NodePath location) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(element);
            }
        }
        return out.toString();
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private static String read() {
        try (InputStream in = CampaignSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
