package com.leadpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON request bodies, strictly (duplicates, nesting refused). A class of its own so jackson-core
 * is loaded only when a JSON body arrives, not for form posts (cold start).
 */
final class JsonBodies {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                    .maxStringLength(RequestBodies.MAX_BODY_BYTES).build())
            .build();

    private JsonBodies() {
    }

    /** @param arrays whether a field may hold an array of text (survey answers) */
    static Map<String, java.util.List<String>> fields(String body, boolean arrays) throws BadRequestException {
        Map<String, java.util.List<String>> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException(400, "The JSON body must be an object.");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY && arrays) {
                    java.util.List<String> items = new java.util.ArrayList<>();
                    JsonToken item;
                    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                        String text = scalar(parser, item);
                        if (text == null) {
                            throw new BadRequestException(400, "The field '" + RequestBodies.safeName(name)
                                    + "' must be a list of text values.");
                        }
                        items.add(text);
                    }
                    fields.put(name, items);
                } else if (value != JsonToken.VALUE_NULL) {
                    String text = scalar(parser, value);
                    if (text == null) {
                        throw new BadRequestException(400,
                                "The field '" + RequestBodies.safeName(name) + "' must be text, a number or true/false.");
                    }
                    fields.put(name, java.util.List.of(text));
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new BadRequestException(400, "The JSON body is not a single object.");
            }
        } catch (JsonParseException e) {
            throw new BadRequestException(400, "The JSON body is malformed: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException(400, "The JSON body cannot be read.");
        }
        return fields;
    }

    private static String scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> null;
        };
    }
}
