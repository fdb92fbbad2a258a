package com.leadpipe.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a flat set of named text values from a form post or a JSON object, strictly: malformed
 * percent-escapes, invalid UTF-8, duplicate names and nested values are refused, never guessed at.
 */
public final class RequestBodies {

    /** Sane limit for a signup or survey: far above any real form, far below abuse. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(MAX_BODY_BYTES).build())
            .build();

    private RequestBodies() {
    }

    /** Form or JSON, by Content-Type; each name at most once, values text. */
    public static Map<String, String> fields(HttpRequest request) throws BadRequestException {
        Map<String, java.util.List<String>> multi = multiFields(request, false);
        Map<String, String> single = new LinkedHashMap<>();
        multi.forEach((k, v) -> single.put(k, v.get(0)));
        return single;
    }

    /** Form or JSON where a name may repeat (checkboxes) or hold an array of text: survey answers. */
    public static Map<String, java.util.List<String>> multiFields(HttpRequest request) throws BadRequestException {
        return multiFields(request, true);
    }

    private static Map<String, java.util.List<String>> multiFields(HttpRequest request, boolean repeats)
            throws BadRequestException {
        if (request.body().length > MAX_BODY_BYTES) {
            throw new BadRequestException(413, "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KB.");
        }
        String charset = request.contentTypeCharset().orElse("utf-8");
        if (!charset.equals("utf-8")) {
            throw new BadRequestException(415, "Only UTF-8 is accepted (got charset " + charset + ").");
        }
        return switch (request.contentType()) {
            case "application/x-www-form-urlencoded" -> form(request.body(), repeats);
            case "application/json" -> json(request.body(), repeats);
            default -> throw new BadRequestException(415,
                    "Send application/x-www-form-urlencoded or application/json.");
        };
    }

    public static Map<String, String> form(byte[] body) throws BadRequestException {
        Map<String, String> single = new LinkedHashMap<>();
        form(body, false).forEach((k, v) -> single.put(k, v.get(0)));
        return single;
    }

    private static Map<String, java.util.List<String>> form(byte[] body, boolean repeats) throws BadRequestException {
        String text = utf8(body);
        Map<String, java.util.List<String>> fields = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            java.util.List<String> values = fields.computeIfAbsent(name, n -> new java.util.ArrayList<>());
            if (!values.isEmpty() && !repeats) {
                throw new BadRequestException(400, "The field '" + safeName(name) + "' was sent more than once.");
            }
            values.add(value);
        }
        return fields;
    }

    private static Map<String, java.util.List<String>> json(byte[] body, boolean arrays) throws BadRequestException {
        Map<String, java.util.List<String>> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(utf8(body))) {
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
                            throw new BadRequestException(400, "The field '" + safeName(name)
                                    + "' must be a list of text values.");
                        }
                        items.add(text);
                    }
                    fields.put(name, items);
                } else if (value != JsonToken.VALUE_NULL) {
                    String text = scalar(parser, value);
                    if (text == null) {
                        throw new BadRequestException(400,
                                "The field '" + safeName(name) + "' must be text, a number or true/false.");
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

    /** Query strings use the same encoding as forms. */
    public static Map<String, String> query(String rawQuery) throws BadRequestException {
        return rawQuery == null ? Map.of() : form(rawQuery.getBytes(StandardCharsets.US_ASCII));
    }

    private static String utf8(byte[] bytes) throws BadRequestException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException(400, "The request is not valid UTF-8.");
        }
    }

    private static String percentDecode(String s) throws BadRequestException {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8); // s came from valid UTF-8: lossless
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
                int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new BadRequestException(400, "The form data has a broken %-escape.");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return utf8(out.toByteArray());
    }

    private static String safeName(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) : name;
        return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
