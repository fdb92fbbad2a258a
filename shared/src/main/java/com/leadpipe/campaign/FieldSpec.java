package com.leadpipe.campaign;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A form field beyond email. Values always arrive as text; {@link #type()} decides what is valid.
 */
public record FieldSpec(
        String name,
        String label,
        Type type,
        boolean required,
        int maxLength,
        Optional<BigDecimal> min,
        Optional<BigDecimal> max,
        List<String> options,
        boolean shareable) {

    /** @param shareable ({@code shareable: true}) the value goes into lead events for CRMs and webhooks */
    public FieldSpec {
        options = List.copyOf(options);
    }

    public enum Type {
        TEXT("text"), TEXTAREA("textarea"), TEL("tel"), URL("url"), NUMBER("number"), CHOICE("choice");

        private final String yamlName;

        Type(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        /** The HTML input type used on pages. */
        public String inputType() {
            return switch (this) {
                case TEL -> "tel";
                case URL -> "url";
                case NUMBER -> "number";
                default -> "text";
            };
        }

        static Optional<Type> fromYaml(String name) {
            for (Type t : values()) {
                if (t.yamlName.equals(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }
}
