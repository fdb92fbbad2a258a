package com.leadpipe.local;

import com.leadpipe.local.SamTemplate.TemplateException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation intrinsics the runner meets in function environments and event
 * sources ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, and {@code Fn::If} on the template's
 * Conditions) to the local resources' values. Any other intrinsic is reported with its place in
 * the template: better a clear refusal than a function running with a wrong setting.
 *
 * @param refs       what {@code Ref X} gives: parameters, pseudo parameters, resources
 * @param attributes what {@code Fn::GetAtt X.Attr} gives, keyed {@code "X.Attr"}
 * @param conditions the template's {@code Conditions}, as written
 */
public record Intrinsics(Map<String, String> refs, Map<String, String> attributes, Map<String, Object> conditions) {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");
    private static final String NO_VALUE = "AWS::NoValue";

    public Intrinsics(Map<String, String> refs, Map<String, String> attributes) {
        this(refs, attributes, Map.of());
    }

    /** A string, number or boolean as text; an intrinsic resolved. {@code where} names the place for errors. */
    public String resolve(Object value, String where) {
        return resolveOptional(value, where)
                .orElseThrow(() -> new TemplateException(where + ": resolves to AWS::NoValue, but a value is needed"));
    }

    /** Like {@link #resolve}, empty where the template says {@code !Ref AWS::NoValue} (the property is left out). */
    public Optional<String> resolveOptional(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(String.valueOf(value));
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> intrinsic = map.entrySet().iterator().next();
            String name = String.valueOf(intrinsic.getKey());
            Object argument = intrinsic.getValue();
            return switch (name) {
                case "Ref" -> NO_VALUE.equals(argument) ? Optional.empty() : Optional.of(ref(String.valueOf(argument), where));
                case "Fn::GetAtt" -> Optional.of(attribute(argument, where));
                case "Fn::Sub" -> Optional.of(sub(argument, where));
                case "Fn::If" -> {
                    if (!(argument instanceof List<?> branches) || branches.size() != 3) {
                        throw new TemplateException(where + ": malformed If " + argument);
                    }
                    // Only the branch taken is resolved, as CloudFormation does.
                    yield resolveOptional(condition(String.valueOf(branches.get(0)), where) ? branches.get(1)
                            : branches.get(2), where);
                }
                default -> throw new TemplateException(where + ": " + name
                        + " is not supported by the local runner (only Ref, GetAtt, Sub and If)");
            };
        }
        throw new TemplateException(where + ": expected a value, got " + value);
    }

    /** A condition of the template's Conditions section, evaluated with the local values. */
    public boolean condition(String name, String where) {
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new TemplateException(where + ": no condition " + name + " in Conditions");
        }
        return evaluate(definition, where + " (condition " + name + ")");
    }

    private boolean evaluate(Object expression, String where) {
        if (expression instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> e = map.entrySet().iterator().next();
            List<?> arguments = e.getValue() instanceof List<?> list ? list : List.of(e.getValue());
            switch (String.valueOf(e.getKey())) {
                case "Fn::Equals" -> {
                    return arguments.size() == 2
                            && resolveOptional(arguments.get(0), where).equals(resolveOptional(arguments.get(1), where));
                }
                case "Fn::Not" -> {
                    return !evaluate(arguments.get(0), where);
                }
                case "Fn::And" -> {
                    return arguments.stream().allMatch(a -> evaluate(a, where));
                }
                case "Fn::Or" -> {
                    return arguments.stream().anyMatch(a -> evaluate(a, where));
                }
                case "Condition" -> {
                    return condition(String.valueOf(e.getValue()), where);
                }
                default -> {
                    // handled below
                }
            }
        }
        throw new TemplateException(where + ": cannot evaluate " + expression);
    }

    /** The logical id a {@code Ref} or {@code GetAtt} points at, e.g. the queue of an SQS event. */
    public static String target(Object value, String where) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object argument = map.values().iterator().next();
            if (map.containsKey("Ref")) {
                return String.valueOf(argument);
            }
            if (map.containsKey("Fn::GetAtt")) {
                return getAttParts(argument, where).get(0);
            }
        }
        throw new TemplateException(where + ": expected !Ref or !GetAtt of a resource, got " + value);
    }

    private String ref(String name, String where) {
        String value = refs.get(name);
        if (value == null) {
            throw new TemplateException(where + ": !Ref " + name + " has no local value");
        }
        return value;
    }

    private String attribute(Object argument, String where) {
        List<String> parts = getAttParts(argument, where);
        String key = parts.get(0) + "." + parts.get(1);
        String value = attributes.get(key);
        if (value == null) {
            throw new TemplateException(where + ": !GetAtt " + key + " has no local value");
        }
        return value;
    }

    private static List<String> getAttParts(Object argument, String where) {
        if (argument instanceof String s && s.contains(".")) {
            return List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1));
        }
        if (argument instanceof List<?> list && list.size() == 2) {
            return List.of(String.valueOf(list.get(0)), String.valueOf(list.get(1)));
        }
        throw new TemplateException(where + ": malformed GetAtt " + argument);
    }

    private String sub(Object argument, String where) {
        String template;
        Map<?, ?> variables = Map.of();
        if (argument instanceof String s) {
            template = s;
        } else if (argument instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String s
                && list.get(1) instanceof Map<?, ?> vars) {
            template = s;
            variables = vars;
        } else {
            throw new TemplateException(where + ": malformed Sub " + argument);
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + name + "}"; // ${!Literal} stays as written, minus the "!"
            } else if (variables.containsKey(name)) {
                replacement = resolve(variables.get(name), where);
            } else if (name.contains(".")) {
                replacement = attribute(name, where);
            } else {
                replacement = ref(name, where);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
