package dev.bananagateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The syntax rules a body must meet before it is mapped: exactly one JSON value, and no object with
 * the same name twice. Jackson alone reads the first value and ignores what follows, and lets the
 * last of two equal names win; a body that means two things to two parsers is refused instead.
 */
final class StrictJson {

    private StrictJson() {
    }

    /** Throws {@link ApiException} (400) when {@code text} is not exactly one JSON value without duplicate names. */
    static void check(JsonFactory factory, String text) {
        try (JsonParser p = factory.createParser(text)) {
            Deque<Set<String>> names = new ArrayDeque<>();
            boolean rootDone = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (rootDone) {
                    throw ApiException.badRequest("MALFORMED_JSON", "the body must hold one JSON value and nothing after it");
                }
                switch (t) {
                    case START_OBJECT -> names.push(new HashSet<>());
                    case START_ARRAY -> names.push(Collections.emptySet());
                    case END_OBJECT, END_ARRAY -> names.pop();
                    case FIELD_NAME -> {
                        if (!names.peek().add(p.currentName())) {
                            throw new ApiException(Problem.field(400, "DUPLICATE_FIELD", path(p.getParsingContext()),
                                    "appears more than once"));
                        }
                    }
                    default -> {
                    }
                }
                rootDone = names.isEmpty();
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body is not valid JSON");
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** {@code video.resolution}, {@code reference_images[2]}: the field names the API's errors use. */
    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        Collections.reverse(parts);
        return String.join(".", parts).replace(".[", "[");
    }
}
