package com.leadpipe.local;

import com.leadpipe.local.SamTemplate.TemplateException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation intrinsics the runner meets in function environments and event
 * sources ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}) to the local resources' values. Any
 * other intrinsic is reported with its place in the template: better a clear refusal at startup
 * than a function running with a wrong setting.
 *
 * @param refs       what {@code Ref X} gives: parameters, pseudo parameters, resources
 * @param attributes what {@code Fn::GetAtt X.Attr} gives, keyed {@code "X.Attr"}
 */
public record Intrinsics(Map<String, String> refs, Map<String, String> attributes) {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    /** A string, number or boolean as text; an intrinsic resolved. {@code where} names the place for errors. */
    public String resolve(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> intrinsic = map.entrySet().iterator().next();
            String name = String.valueOf(intrinsic.getKey());
            Object argument = intrinsic.getValue();
            switch (name) {
                case "Ref" -> {
                    return ref(String.valueOf(argument), where);
                }
                case "Fn::GetAtt" -> {
                    return attribute(argument, where);
                }
                case "Fn::Sub" -> {
                    return sub(argument, where);
                }
                default -> throw new TemplateException(where + ": " + name
                        + " is not supported by the local runner (only Ref, GetAtt and Sub)");
            }
        }
        throw new TemplateException(where + ": expected a value, got " + value);
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
