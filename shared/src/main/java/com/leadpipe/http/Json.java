package com.leadpipe.http;

import java.util.Map;

/** Writes small JSON answers by hand ({@link JsonText}): no JSON library on the answer path. */
public final class Json {

    private Json() {
    }

    /** An object of strings, numbers, booleans and nested maps of those. */
    public static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder(64);
        value(out, object);
        return out.toString();
    }

    private static void value(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.string(out, String.valueOf(e.getKey())).append(':');
                value(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, item);
            }
            out.append(']');
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value == null) {
            out.append("null");
        } else {
            JsonText.string(out, value.toString());
        }
    }
}
