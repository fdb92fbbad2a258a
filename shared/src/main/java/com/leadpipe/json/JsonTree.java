package com.leadpipe.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader and writer: a small document (an AWS event, an SES notification, a
 * campaign's build-time copy, a response body, a queue message) as maps, lists, strings, numbers,
 * booleans and nulls, through jackson-core's streaming parser and generator. No databind: these
 * trees need no object mapping, and it would add several hundred classes to every function.
 * Duplicate keys are an error, so a document can't mean one thing to a signature check and
 * another to the code that acts on it.
 */
public final class JsonTree {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonTree() {
    }

    /** @throws IllegalArgumentException if the text is not one well-formed JSON value */
    public static Object parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON");
        }
        try (JsonParser parser = JSON.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getClass().getSimpleName(), e);
        }
    }

    /** @throws IllegalArgumentException if the stream is not one well-formed JSON value */
    public static Object parse(InputStream json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getClass().getSimpleName(), e);
        }
    }

    private static Object document(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            throw new IllegalArgumentException("empty JSON");
        }
        Object value = value(parser);
        if (parser.nextToken() != null) {
            throw new IllegalArgumentException("content after the JSON value");
        }
        return value;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        }
    }

    /**
     * Writes a tree of maps (keys as text, in iteration order), iterables, numbers, booleans,
     * nulls and text (anything else as its {@code toString()}) as compact JSON.
     */
    public static String write(Object tree) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger n) {
            json.writeNumber(n);
        } else if (value instanceof BigDecimal n) {
            json.writeNumber(n);
        } else if (value instanceof Number n) {
            json.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value.toString());
        }
    }

    // ---- navigation: absent or mistyped members read as empty, so callers decide what is required

    /** The member as an object, or an empty map if it is absent or not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value, String name) {
        Object member = value instanceof Map<?, ?> map ? map.get(name) : null;
        return member instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The member as an array, or an empty list if it is absent or not an array. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value, String name) {
        Object member = value instanceof Map<?, ?> map ? map.get(name) : null;
        return member instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The member as a string, or null if it is absent, null or not a string. */
    public static String string(Object value, String name) {
        Object member = value instanceof Map<?, ?> map ? map.get(name) : null;
        return member instanceof String s ? s : null;
    }
}
