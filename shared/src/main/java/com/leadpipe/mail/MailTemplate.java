package com.leadpipe.mail;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The Mustache subset that confirmation mails use, without a template library (jmustache costs
 * about 60 classes at cold start, plus invokedynamic string concatenation): {@code {{name}}}
 * (HTML-escaped in HTML bodies), {@code {{{name}}}} and {@code {{& name}}} (as is),
 * {@code {{#name}}…{{/name}}} (shown when the value is present), {@code {{^name}}…{{/name}}}
 * (shown when absent) and {@code {{! comments }}}. Missing values render empty; as in Mustache,
 * a section or comment tag alone on its line removes that line. Partials and delimiter changes
 * are refused by {@link #compile}, which the campaign check runs at build time.
 */
public final class MailTemplate {

    private final List<Object> parts; // String, Var or Section

    private record Var(String name, boolean escape) {
    }

    private record Section(String name, boolean inverted, List<Object> body) {
    }

    private MailTemplate(List<Object> parts) {
        this.parts = parts;
    }

    /** @throws IllegalArgumentException saying what is wrong with the template */
    public static MailTemplate compile(String source) {
        Deque<Section> open = new ArrayDeque<>();
        List<Object> current = new ArrayList<>();
        Deque<List<Object>> outer = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (true) {
            int start = source.indexOf("{{", i);
            if (start < 0) {
                text.append(source, i, source.length());
                break;
            }
            boolean triple = source.startsWith("{{{", start);
            int close = source.indexOf(triple ? "}}}" : "}}", start + (triple ? 3 : 2));
            if (close < 0) {
                throw new IllegalArgumentException("unclosed tag at offset " + start);
            }
            String tag = source.substring(start + (triple ? 3 : 2), close).strip();
            int end = close + (triple ? 3 : 2);
            char kind = triple ? '{' : tag.isEmpty() ? ' ' : tag.charAt(0);
            if (kind == ' ') {
                throw new IllegalArgumentException("empty tag at offset " + start);
            }
            if (kind == '>' || kind == '=') {
                throw new IllegalArgumentException("partials and delimiter changes are not supported (offset "
                        + start + ")");
            }
            boolean block = kind == '#' || kind == '^' || kind == '/' || kind == '!';
            text.append(source, i, start);
            if (block) {
                int lineStart = source.lastIndexOf('\n', start - 1) + 1;
                int lineEnd = source.indexOf('\n', end);
                lineEnd = lineEnd < 0 ? source.length() : lineEnd;
                if (lineStart >= i && source.substring(lineStart, start).isBlank()
                        && source.substring(end, lineEnd).isBlank()) {
                    text.setLength(text.length() - (start - lineStart)); // a standalone tag: drop its line
                    end = lineEnd < source.length() ? lineEnd + 1 : lineEnd;
                }
            }
            if (!text.isEmpty()) {
                current.add(text.toString());
                text.setLength(0);
            }
            String name = kind == '{' ? tag : block || kind == '&' ? tag.substring(1).strip() : tag;
            switch (kind) {
                case '!' -> { }
                case '#', '^' -> {
                    Section section = new Section(name, kind == '^', new ArrayList<>());
                    current.add(section);
                    open.push(section);
                    outer.push(current);
                    current = section.body();
                }
                case '/' -> {
                    if (open.isEmpty() || !open.peek().name().equals(name)) {
                        throw new IllegalArgumentException("{{/" + name + "}} closes no open section");
                    }
                    open.pop();
                    current = outer.pop();
                }
                default -> current.add(new Var(name, kind != '{' && kind != '&'));
            }
            i = end;
        }
        if (!text.isEmpty()) {
            current.add(text.toString());
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("section {{#" + open.peek().name() + "}} is not closed");
        }
        return new MailTemplate(current);
    }

    /** @param html whether {@code {{name}}} values are HTML-escaped */
    public String execute(Map<String, ?> model, boolean html) {
        StringBuilder out = new StringBuilder();
        render(parts, model, html, out);
        return out.toString();
    }

    private static void render(List<Object> parts, Map<String, ?> model, boolean html, StringBuilder out) {
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
            } else if (part instanceof Var v) {
                Object value = model.get(v.name());
                String s = value == null ? "" : value.toString();
                out.append(html && v.escape() ? escape(s) : s);
            } else if (part instanceof Section section) {
                if (present(model.get(section.name())) != section.inverted()) {
                    render(section.body(), model, html, out);
                }
            }
        }
    }

    private static boolean present(Object value) {
        return value != null && !Boolean.FALSE.equals(value)
                && !(value instanceof Collection<?> c && c.isEmpty())
                && !(value instanceof String s && s.isEmpty()); // as jmustache with emptyStringIsFalse
    }

    /** The same five characters as the pages' escaper ({@code com.leadpipe.web.HtmlEscaping}). */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (r != null) {
                    out.append(r);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
