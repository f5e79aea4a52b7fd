package dev.bananagateway.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * The API's OpenAPI document (src/main/resources/openapi.yaml, OpenAPI 3.1) as the tests check answers
 * against it. The validator (swagger-request-validator 2.44) parses 3.1 documents but checks no schema
 * of them: it passes any body. So the tests hand it the same document in the 3.0 form it does check,
 * converted here construct by construct; a 3.1 construct this conversion does not know fails the
 * tests rather than going unchecked. Requests are not validated (the tests send bad ones on purpose);
 * every answer is.
 */
public final class OpenApiContract {

    public static final Path DOCUMENT = Path.of("src/main/resources/openapi.yaml");
    /** JSON Schema keywords of 3.1 with no 3.0 form: a schema using one could not be checked. */
    private static final Set<String> UNCONVERTIBLE = Set.of("const", "$schema", "$defs", "jsonSchemaDialect",
            "prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentRequired", "dependentSchemas",
            "if", "then", "else", "contentMediaType", "contentEncoding", "patternProperties", "propertyNames",
            "$anchor", "$dynamicRef");

    private static OpenApiValidationFilter filter;
    private static OpenApiInteractionValidator validator;

    private OpenApiContract() {
    }

    /** The REST Assured filter that fails a test on any answer the document does not allow. */
    public static synchronized OpenApiValidationFilter filter() {
        if (filter == null) {
            filter = new OpenApiValidationFilter(validator());
        }
        return filter;
    }

    public static synchronized OpenApiInteractionValidator validator() {
        if (validator == null) {
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(asOpenApi30Json())
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
        }
        return validator;
    }

    /**
     * Checks an answer a test got through the JDK HTTP client instead of REST Assured (the fault
     * suite's concurrent callers): an answer the document does not allow fails the test.
     */
    public static void assertAllowed(HttpResponse<String> response) {
        HttpRequest request = response.request();
        SimpleRequest.Builder asked = new SimpleRequest.Builder(request.method(), request.uri().getRawPath());
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> answer.withHeader(name, values.toArray(String[]::new)));
        response.headers().firstValue("content-type").ifPresent(answer::withContentType);
        ValidationReport report = validator().validate(asked.build(), answer.build());
        if (report.hasErrors()) {
            throw new AssertionError(request.method() + " " + request.uri().getRawPath() + " answered "
                    + response.statusCode() + ", which the OpenAPI document does not allow: " + report
                    + "\n" + response.body());
        }
    }

    /** The document as parsed YAML. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> document() {
        try {
            return (Map<String, Object>) new Yaml().load(Files.readString(DOCUMENT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document in OpenAPI 3.0 form, as JSON. */
    public static String asOpenApi30Json() {
        return toOpenApi30Json(document());
    }

    /** A parsed OpenAPI 3.1 document in OpenAPI 3.0 form, as JSON; fails on a construct with no 3.0 form. */
    public static String toOpenApi30Json(Map<String, Object> doc) {
        Object version = doc.get("openapi");
        if (!(version instanceof String v) || !v.startsWith("3.1.")) {
            throw new IllegalStateException("the document is meant to be OpenAPI 3.1, not " + version);
        }
        doc.put("openapi", "3.0.3");
        doc.remove("webhooks"); // 3.1 only; the validator checks what the API answers, not what it sends
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) doc.get("info");
        info.remove("summary");
        if (info.get("license") instanceof Map<?, ?> license) {
            license.remove("identifier");
        }
        try {
            return new ObjectMapper().writeValueAsString(convert(doc, "#"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object convert(Object node, String where) {
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(convert(list.get(i), where + "/" + i));
            }
            return out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            String at = where + "/" + key;
            if (UNCONVERTIBLE.contains(key) && !where.endsWith("/properties")) {
                throw new IllegalStateException(at + ": " + key + " has no OpenAPI 3.0 form the tests could check");
            }
            if ((key.equals("exclusiveMinimum") || key.equals("exclusiveMaximum")) && value instanceof Number) {
                throw new IllegalStateException(at + ": use minimum/maximum (a numeric " + key + " is 3.1 only)");
            }
            if (key.equals("type") && value instanceof List<?> types) {
                List<Object> rest = new ArrayList<>(types);
                boolean nullable = rest.remove("null");
                if (rest.size() != 1) {
                    throw new IllegalStateException(at + ": only [<type>, \"null\"] converts to OpenAPI 3.0");
                }
                out.put("type", rest.get(0));
                if (nullable) {
                    out.put("nullable", true);
                }
                continue;
            }
            if (key.equals("examples") && value instanceof List<?> examples && !where.endsWith("/properties")) {
                // a schema's examples (JSON Schema); media types' examples are a map and stay
                if (!examples.isEmpty()) {
                    out.put("example", convert(examples.get(0), at));
                }
                continue;
            }
            out.put(key, convert(value, at));
        }
        return out;
    }
}
