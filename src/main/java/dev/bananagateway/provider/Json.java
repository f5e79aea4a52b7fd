package dev.bananagateway.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Jackson tree helpers for provider wire formats. Only the tree model is used (no data binding), so
 * nothing here needs reflection in a native image.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The parsed body, or empty when it is blank or not JSON (e.g. an HTML error page). */
    public static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * A JSON document embedded in a JSON string (revid's {@code resultJson}, {@code param}); an
     * object or array given directly is used as it is. Missing when absent, null or unparseable.
     */
    public static JsonNode embedded(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return MissingNode.getInstance();
        }
        if (value.isTextual()) {
            return parse(value.asText()).orElse(MissingNode.getInstance());
        }
        return value;
    }

    /** A field's text (numbers and booleans as text), or null when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    /** A numeric field as an Integer, or null when absent or not a number. */
    public static Integer integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.intValue() : null;
    }

    /** A numeric field as a Double, or null when absent or not a number. */
    public static Double decimal(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    /** The text items of an array (non-text items skipped); empty when not an array. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> {
                if (item.isTextual() && !item.asText().isBlank()) {
                    out.add(item.asText());
                }
            });
        }
        return out;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array(Collection<String> items) {
        ArrayNode array = MAPPER.createArrayNode();
        items.forEach(array::add);
        return array;
    }

    /** Puts a text field only when the value is present. */
    public static ObjectNode putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
        return node;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }
}
