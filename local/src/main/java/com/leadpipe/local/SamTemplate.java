package com.leadpipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * template.yaml as plain maps and lists, with what the local runner needs pulled out: each
 * serverless function (properties merged with {@code Globals.Function}, as SAM does) and its
 * events, the parameters and the resources.
 *
 * <p>CloudFormation's short tags ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub "..."}) become
 * the long form ({@code {Ref: X}}, {@code {Fn::GetAtt: [A, B]}}, {@code {Fn::Sub: ...}}), so
 * {@link Intrinsics} sees one shape whichever a template uses.
 */
public final class SamTemplate {

    public static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    /** A serverless function: logical id, properties (Globals merged in) and its event sources. */
    public record Function(String logicalId, Map<String, Object> properties, Map<String, Event> events) {

        public String handler() {
            Object handler = properties.get("Handler");
            if (!(handler instanceof String h) || h.isBlank()) {
                throw new TemplateException("Resources." + logicalId + ".Properties.Handler: missing");
            }
            return h;
        }

        /** Handler class name: {@code com.x.Handler::handleRequest} without the method. */
        public String handlerClass() {
            return handler().split("::", 2)[0];
        }

        /** Handler method; {@code handleRequest} when the template names none. */
        public String handlerMethod() {
            String[] parts = handler().split("::", 2);
            return parts.length == 2 ? parts[1] : "handleRequest";
        }

        public int timeoutSeconds() {
            return number(properties.get("Timeout"), 3);
        }

        public int memoryMb() {
            return number(properties.get("MemorySize"), 128);
        }

        /** Environment variables as written: values may still be intrinsics. */
        public Map<String, Object> environment() {
            return map(map(properties.get("Environment")).get("Variables"));
        }
    }

    /** One entry of a function's {@code Events}: its type ({@code HttpApi}, {@code SQS}, {@code Schedule}...). */
    public record Event(String name, String type, Map<String, Object> properties) {
    }

    private final Path file;
    private final Map<String, Object> root;

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(file, text);
    }

    static SamTemplate parse(Path file, String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
        Object root;
        try {
            root = new Load(settings, new CloudFormationConstructor(settings)).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new TemplateException(file + " is not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new TemplateException(file + " is not a CloudFormation template (no top-level mapping)");
        }
        return new SamTemplate(file, map(root));
    }

    public Path file() {
        return file;
    }

    /** Parameters with their declarations (Type, Default, ...). */
    public Map<String, Map<String, Object>> parameters() {
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((name, declaration) -> parameters.put(name, map(declaration)));
        return parameters;
    }

    /** The Conditions section as written (evaluated by {@link Intrinsics#condition}). */
    public Map<String, Object> conditions() {
        return map(root.get("Conditions"));
    }

    /** Every resource's {@code Type}, by logical id, in template order. */
    public Map<String, String> resourceTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        resources().forEach((id, resource) -> types.put(id, String.valueOf(map(resource).get("Type"))));
        return types;
    }

    /** The logical ids of resources of one type, in template order. */
    public List<String> resourcesOfType(String type) {
        return resourceTypes().entrySet().stream().filter(e -> type.equals(e.getValue())).map(Map.Entry::getKey)
                .toList();
    }

    public Map<String, Object> resourceProperties(String logicalId) {
        return map(map(resources().get(logicalId)).get("Properties"));
    }

    /** Every {@code AWS::Serverless::Function}, in template order. */
    public List<Function> functions() {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        List<Function> functions = new ArrayList<>();
        for (String id : resourcesOfType(FUNCTION_TYPE)) {
            Map<String, Object> properties = merge(globals, resourceProperties(id));
            Map<String, Event> events = new LinkedHashMap<>();
            map(properties.get("Events")).forEach((name, event) -> {
                Map<String, Object> e = map(event);
                events.put(name, new Event(name, String.valueOf(e.get("Type")), map(e.get("Properties"))));
            });
            functions.add(new Function(id, properties, events));
        }
        return functions;
    }

    public Function function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new TemplateException("no function " + logicalId + " in " + file));
    }

    public Optional<Function> functionWithHandlerClass(String className) {
        return functions().stream().filter(f -> f.handlerClass().equals(className)).findFirst();
    }

    private Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    /**
     * SAM's Globals rule: the function's own value wins, maps are merged key by key (so a
     * function's Environment.Variables add to the global ones).
     */
    static Map<String, Object> merge(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> {
            Object global = merged.get(key);
            if (global instanceof Map<?, ?> && value instanceof Map<?, ?>) {
                merged.put(key, merge(map(global), map(value)));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static int number(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s && s.matches("\\d+")) {
            return Integer.parseInt(s);
        }
        return fallback; // an intrinsic (e.g. !Ref): the local runner does not need the exact value
    }

    /** Turns every {@code !Tag} node into CloudFormation's long form: {@code {Ref: x}} or {@code {Fn::Tag: x}}. */
    private static final class CloudFormationConstructor extends StandardConstructor {

        CloudFormationConstructor(LoadSettings settings) {
            super(settings);
        }

        @Override
        protected Optional<ConstructNode> findConstructorFor(Node node) {
            String tag = node.getTag().getValue();
            if (tag.startsWith("!") && !tag.startsWith("!!")) {
                String name = tag.substring(1);
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                return Optional.of(n -> Map.of(key, untagged(n)));
            }
            return super.findConstructorFor(node);
        }

        /** The node's content as if it had no tag (constructing it through the tag would recurse). */
        private Object untagged(Node node) {
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> items = new ArrayList<>();
                sequence.getValue().forEach(item -> items.add(constructObject(item)));
                return items;
            }
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                entries.put(constructObject(tuple.getKeyNode()), constructObject(tuple.getValueNode()));
            }
            return entries;
        }
    }

    /** The template cannot be used locally; the message names the place. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message);
        }
    }
}
