package dev.bananagateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.testing.OpenApiContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document against the code: its problem codes and error classes are exactly the ones the
 * code answers with, and the validator the end-to-end tests run really refuses an answer the document
 * does not allow (it passes any body of a 3.1 document unless given the converted form).
 */
class OpenApiContractTest {

    /**
     * Where the answers are made: every upper-case string literal there is a problem code (the API
     * layer, the entry points, and the local bridge's own 404/405/413).
     */
    private static final List<Path> ANSWERING_CODE = List.of(Path.of("src/main/java/dev/bananagateway/api"),
            Path.of("src/main/java/dev/bananagateway/functions"),
            Path.of("src/local/java/dev/bananagateway/local/ApiGatewayBridge.java"));
    private static final Pattern CODE = Pattern.compile("\"([A-Z][A-Z0-9_]{2,}[A-Z0-9])\"");

    @SuppressWarnings("unchecked")
    private static List<String> enumOf(String schema) {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) OpenApiContract.document()
                .get("components")).get("schemas");
        return (List<String>) ((Map<String, Object>) schemas.get(schema)).get("enum");
    }

    @Test
    void theDocumentIsOpenApi31() {
        assertTrue(String.valueOf(OpenApiContract.document().get("openapi")).startsWith("3.1."));
    }

    @Test
    void theProblemCodesAreExactlyThoseTheCodeAnswersWith() throws IOException {
        Set<String> inCode = new TreeSet<>();
        for (Path root : ANSWERING_CODE) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    // environment variable names read by the code are not answers
                    Matcher m = CODE.matcher(Files.readString(file).replace("\\\"", "\"")
                            .replaceAll("getenv\\(\"[A-Z0-9_]+\"\\)", "getenv()"));
                    while (m.find()) {
                        inCode.add(m.group(1));
                    }
                }
            }
        }
        // a provider's refusal: PROVIDER_ + the class, for the classes that are not failed over
        // (OUTPUT_STORE_FAILED is the gateway's own, after a provider's success: never a create's answer)
        Arrays.stream(ErrorClass.values()).filter(c -> !c.failover() && c != ErrorClass.OUTPUT_STORE_FAILED)
                .forEach(c -> inCode.add("PROVIDER_" + c.name()));
        assertTrue(inCode.containsAll(Set.of("TASK_NOT_FOUND", "INVALID_CURSOR", "ROUTE_NOT_FOUND", "BODY_TOO_LARGE",
                "MALFORMED_JSON", "PROVIDER_GENERATION_FAILED")), "the scan finds the codes: " + inCode);
        assertEquals(inCode, new TreeSet<>(enumOf("ProblemCode")), "ProblemCode in the OpenAPI document");
    }

    @Test
    void theErrorClassesAreTheCodes() {
        assertEquals(Arrays.stream(ErrorClass.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(enumOf("ErrorClass")));
    }

    private static ValidationReport statusAnswer(String body) {
        return OpenApiContract.validator().validate(SimpleRequest.Builder.get("/v1/tasks/tsk_AAAAAAAAAAAAAAAAAAAAAA")
                .build(), SimpleResponse.Builder.ok().withContentType("application/json").withBody(body).build());
    }

    private static final String TASK = "{\"id\":\"tsk_AAAAAAAAAAAAAAAAAAAAAA\",\"status\":\"RUNNING\",\"progress\":40,"
            + "\"model\":\"nano-banana\",\"provider\":\"crun\",\"outputs\":[],\"degraded\":[{\"field\":\"output_format\","
            + "\"requested\":\"png\",\"sent\":null}],\"attempts\":[],\"created_at\":\"2026-12-03T08:00:00.100Z\","
            + "\"updated_at\":\"2026-12-03T08:00:01Z\",\"deadline\":\"2026-12-03T08:15:00.100Z\"}";

    @Test
    void theTestsValidatorRefusesAnAnswerTheDocumentDoesNotAllow() {
        assertFalse(statusAnswer(TASK).hasErrors(), statusAnswer(TASK).toString());
        for (String bad : List.of(
                TASK.replace("\"RUNNING\"", "\"DONE\""),
                TASK.replace("\"progress\":40", "\"progress\":400"),
                TASK.replace("\"provider\":\"crun\",", "\"provider\":\"crun\",\"surprise\":1,"),
                TASK.replace("\"outputs\":[],", ""),
                TASK.replace("\"id\":\"tsk_AAAAAAAAAAAAAAAAAAAAAA\"", "\"id\":42"))) {
            assertTrue(statusAnswer(bad).hasErrors(), "refused: " + bad);
        }
        ValidationReport undocumentedStatus = OpenApiContract.validator().validate(
                SimpleRequest.Builder.get("/v1/tasks/tsk_AAAAAAAAAAAAAAAAAAAAAA").build(),
                SimpleResponse.Builder.status(418).withContentType("application/json").withBody("{}").build());
        assertTrue(undocumentedStatus.hasErrors(), "an undocumented status is refused");
        ValidationReport page = OpenApiContract.validator().validate(SimpleRequest.Builder.get("/v1/tasks").build(),
                SimpleResponse.Builder.ok().withContentType("application/json")
                        .withBody("{\"data\":[" + TASK + "],\"next_cursor\":null}").build());
        assertFalse(page.hasErrors(), page.toString());
        ValidationReport badCursor = OpenApiContract.validator().validate(SimpleRequest.Builder.get("/v1/tasks")
                .build(), SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody("{\"data\":[],\"next_cursor\":7}").build());
        assertTrue(badCursor.hasErrors(), "a nullable string is still a string");
        ValidationReport header = OpenApiContract.validator().validate(SimpleRequest.Builder.get(
                "/v1/tasks/tsk_AAAAAAAAAAAAAAAAAAAAAA").build(), SimpleResponse.Builder.ok()
                .withContentType("application/json").withHeader("Preference-Applied", "wait=soon").withBody(TASK)
                .build());
        assertTrue(header.hasErrors(), "headers are checked too");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConstructTheConversionCannotCheckFailsInsteadOfPassingUnchecked() throws IOException {
        String doc = Files.readString(OpenApiContract.DOCUMENT);
        for (String construct : List.of("const: revid", "exclusiveMinimum: 0", "type: [string, integer]")) {
            String edited = doc.replace("    ProviderId:\n      type: string\n",
                    "    ProviderId:\n      type: string\n      " + construct + "\n");
            assertTrue(edited.contains(construct), "the construct went in");
            Map<String, Object> parsed = (Map<String, Object>) new Yaml().load(edited
                    .replace("      type: string\n      type: [string, integer]", "      type: [string, integer]"));
            assertThrows(IllegalStateException.class, () -> OpenApiContract.toOpenApi30Json(parsed), construct);
        }
        OpenApiContract.toOpenApi30Json((Map<String, Object>) new Yaml().load(doc));
    }
}
