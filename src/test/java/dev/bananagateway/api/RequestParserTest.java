package dev.bananagateway.api;

import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.MediaKind;
import dev.bananagateway.model.ModelFamilies;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser's model vocabulary: current ids, the earlier ids as aliases, and what a refusal says. */
class RequestParserTest {

    private final RequestParser parser = new RequestParser(new ObjectMapper(), Optional.empty(), List.of("revid"));

    private GenerationRequest parse(String model) {
        String body = "{\"prompt\":\"a banana\",\"model\":\"" + model + "\"}";
        return parser.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private Problem refusal(String body) {
        return assertThrows(ApiException.class,
                () -> parser.parse("application/json", body.getBytes(StandardCharsets.UTF_8))).problem();
    }

    @ParameterizedTest
    @CsvSource({
            "nb-flash-2.5, nano-banana",
            "nb-pro, nano-banana-pro",
            "nb-2, nano-banana-2",
            "nb-fast, nano-banana-fast",
            "seedream4, seedream-4" })
    void anAliasBecomesItsCurrentId(String alias, String current) {
        GenerationRequest request = parse(alias);
        assertEquals(current, request.modelFamily());
        assertEquals(MediaKind.IMAGE, request.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = { "nano-banana", "nano-banana-pro", "nano-banana-2", "nano-banana-fast", "seedream-4",
            "veo-3.1-fast" })
    void aCurrentIdIsKeptAsIs(String model) {
        assertEquals(model, parse(model).modelFamily());
    }

    @ParameterizedTest
    @ValueSource(strings = { "nano-banana-ultra", "NB-PRO", "nb-flash", "seedream", "gemini-3-pro-image-preview" })
    void anUnknownModelIsRefusedNamingTheCurrentIdsAndTheAliases(String model) {
        Problem problem = refusal("{\"prompt\":\"a banana\",\"model\":\"" + model + "\"}");
        assertEquals(422, problem.status());
        assertEquals("INVALID_FIELD", problem.code());
        assertEquals("model", problem.errors().get(0).field());
        String message = problem.errors().get(0).message();
        assertTrue(message.contains("nano-banana, nano-banana-2, nano-banana-fast, nano-banana-pro, seedream-4"),
                message);
        assertTrue(message.contains("aliases"), message);
    }

    @Test
    void aMissingModelIsRefusedNamingTheCurrentIds() {
        Problem problem = refusal("{\"prompt\":\"a banana\"}");
        assertEquals("INVALID_FIELD", problem.code());
        assertTrue(problem.errors().get(0).message().contains("nano-banana-pro"), problem.detail());
    }

    private GenerationRequest parseBody(String body) {
        return parser.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void imageOnlyFieldsOnAVideoAreRefusedTogetherUnlessDegradeIsAllowed() {
        String body = "{\"prompt\":\"a banana\",\"model\":\"veo-3.1\",\"output_format\":\"jpg\",\"quality\":\"standard\"";
        Problem problem = refusal(body + "}");
        assertEquals(422, problem.status());
        assertEquals("INVALID_FIELD", problem.code());
        assertEquals(List.of("output_format", "quality"), problem.errors().stream().map(Problem.FieldError::field)
                .toList());
        GenerationRequest degradable = parseBody(body + ",\"allow_degrade\":true}");
        assertEquals("jpeg", degradable.outputFormat(), "kept for the capability check to record as dropped");
        assertEquals("standard", degradable.quality());
    }

    @Test
    void aTopLevelVideoResolutionMustAgreeWithTheVideoObjects() {
        Problem problem = refusal("{\"prompt\":\"a banana\",\"model\":\"veo-3.1\",\"resolution\":\"1080p\","
                + "\"video\":{\"resolution\":\"720p\"}}");
        assertEquals("INVALID_FIELD", problem.code());
        assertEquals("resolution", problem.errors().get(0).field());
        assertEquals("720p", parseBody("{\"prompt\":\"a banana\",\"model\":\"veo-3.1\",\"resolution\":\"720p\","
                + "\"video\":{\"resolution\":\"720p\"}}").video().resolution());
    }

    @Test
    void theIdempotencyKeyHeaderIsCheckedHere() {
        assertEquals(null, parser.idempotencyKey(null));
        assertEquals("order-42:retry", parser.idempotencyKey("order-42:retry"));
        assertEquals("k".repeat(255), parser.idempotencyKey("k".repeat(255)));
        for (String bad : new String[] { "", " ", "k".repeat(256), "tab\tinside", "caf\u00e9", "a b" }) {
            Problem problem = assertThrows(ApiException.class, () -> parser.idempotencyKey(bad)).problem();
            assertEquals(400, problem.status(), bad);
            assertEquals("INVALID_IDEMPOTENCY_KEY", problem.code(), bad);
        }
    }

    @Test
    void everyAliasNamesACurrentIdAndNoneShadowsOne() {
        ModelFamilies.ALIASES.forEach((alias, current) -> {
            assertTrue(ModelFamilies.IMAGE.contains(current), alias + " -> " + current);
            assertTrue(!ModelFamilies.isKnown(alias), alias + " is also a current id");
        });
    }
}
