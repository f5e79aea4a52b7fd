package dev.bananagateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the parser refuses that a lenient JSON reader would accept: content after the value, a name
 * twice, a value of another JSON type than the field's, and characters that are not text.
 */
class StrictInputTest {

    private static final String BASE = "\"prompt\":\"cat\",\"model\":\"nano-banana-pro\"";

    private final RequestParser parser = new RequestParser(new ObjectMapper(), Optional.empty(), List.of("revid"));

    private Problem refusal(String body) {
        return assertThrows(ApiException.class,
                () -> parser.parse("application/json", body.getBytes(StandardCharsets.UTF_8))).problem();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // trailing content
                Arguments.of("{" + BASE + "} xyz", 400, "MALFORMED_JSON", null),
                Arguments.of("{" + BASE + "}{" + BASE + "}", 400, "MALFORMED_JSON", null),
                Arguments.of("{" + BASE + "} 1", 400, "MALFORMED_JSON", null),
                Arguments.of("{" + BASE + "}]", 400, "MALFORMED_JSON", null),
                // duplicate names, at any depth
                Arguments.of("{" + BASE + ",\"prompt\":\"dog\"}", 400, "DUPLICATE_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"video\":{\"resolution\":\"720p\","
                        + "\"resolution\":\"1080p\"}}", 400, "DUPLICATE_FIELD", "video.resolution"),
                Arguments.of("{" + BASE + ",\"metadata\":{\"a\":\"1\",\"a\":\"2\"}}", 400, "DUPLICATE_FIELD", "metadata.a"),
                // no coercion between JSON types
                Arguments.of("{" + BASE + ",\"num_outputs\":\"2\"}", 400, "WRONG_TYPE", "num_outputs"),
                Arguments.of("{" + BASE + ",\"num_outputs\":1.5}", 400, "WRONG_TYPE", "num_outputs"),
                Arguments.of("{" + BASE + ",\"num_outputs\":1.0}", 400, "WRONG_TYPE", "num_outputs"),
                Arguments.of("{" + BASE + ",\"num_outputs\":true}", 400, "WRONG_TYPE", "num_outputs"),
                Arguments.of("{" + BASE + ",\"num_outputs\":\"\"}", 400, "WRONG_TYPE", "num_outputs"),
                Arguments.of("{\"prompt\":123,\"model\":\"nano-banana-pro\"}", 400, "WRONG_TYPE", "prompt"),
                Arguments.of("{\"prompt\":true,\"model\":\"nano-banana-pro\"}", 400, "WRONG_TYPE", "prompt"),
                Arguments.of("{\"prompt\":[\"cat\"],\"model\":\"nano-banana-pro\"}", 400, "WRONG_TYPE", "prompt"),
                Arguments.of("{\"prompt\":{\"a\":1},\"model\":\"nano-banana-pro\"}", 400, "WRONG_TYPE", "prompt"),
                Arguments.of("{" + BASE + ",\"allow_degrade\":\"true\"}", 400, "WRONG_TYPE", "allow_degrade"),
                Arguments.of("{" + BASE + ",\"allow_degrade\":1}", 400, "WRONG_TYPE", "allow_degrade"),
                Arguments.of("{" + BASE + ",\"metadata\":{\"a\":1}}", 400, "WRONG_TYPE", "metadata.a"),
                Arguments.of("{" + BASE + ",\"metadata\":{\"a\":true}}", 400, "WRONG_TYPE", "metadata.a"),
                Arguments.of("{" + BASE + ",\"metadata\":{\"a\":null}}", 400, "WRONG_TYPE", "metadata.a"),
                Arguments.of("{" + BASE + ",\"metadata\":[]}", 400, "WRONG_TYPE", "metadata"),
                Arguments.of("{" + BASE + ",\"reference_images\":\"https://img.example.com/a.png\"}", 400,
                        "WRONG_TYPE", "reference_images"),
                Arguments.of("{" + BASE + ",\"reference_images\":[1]}", 400, "WRONG_TYPE", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"video\":{\"duration_seconds\":\"8\"}}", 400,
                        "WRONG_TYPE", "video.duration_seconds"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"video\":{\"generate_audio\":\"false\"}}",
                        400, "WRONG_TYPE", "video.generate_audio"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"video\":\"8s\"}", 400, "WRONG_TYPE", "video"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":7}", 400, "WRONG_TYPE", "model"),
                Arguments.of("{" + BASE + ",\"num_outputs\":99999999999}", 400, "WRONG_TYPE", "num_outputs"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedWithTheCodeAndField(String body, int status, String code, String field) {
        Problem problem = refusal(body);
        assertEquals(code, problem.code(), problem.detail());
        assertEquals(status, problem.status());
        if (field != null) {
            assertEquals(field, problem.errors().get(0).field());
        }
    }

    @Test
    void aWrongTypeSaysWhichTypeTheFieldTakes() {
        assertEquals("must be an integer", refusal("{" + BASE + ",\"num_outputs\":\"2\"}").errors().get(0).message());
        assertEquals("must be a string", refusal("{\"prompt\":123,\"model\":\"x\"}").errors().get(0).message());
        assertEquals("must be true or false", refusal("{" + BASE + ",\"allow_degrade\":\"true\"}").errors().get(0)
                .message());
    }

    static Stream<Arguments> forbiddenCharacters() {
        return Stream.of("\\u0000", "\\u0007", "\\u001b", "\\u007f", "\\u0080", "\\u0085", "\\u009f",
                "\\ud800", "\\udfff", "x\\ud83d", "\\ude00x", "\\ufdd0", "\\ufdef", "\\ufffe", "\\uffff",
                "\\ud83f\\udffe", "\\udbff\\udfff").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("forbiddenCharacters")
    void aPromptWithAForbiddenCharacterIsRefused(String escaped) {
        Problem problem = refusal("{\"prompt\":\"a" + escaped + "b\",\"model\":\"nano-banana-pro\"}");
        assertEquals("INVALID_FIELD", problem.code());
        assertEquals("prompt", problem.errors().get(0).field());
        Problem negative = refusal("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"video\":{\"negative_prompt\":\"a"
                + escaped + "\"}}");
        assertEquals("video.negative_prompt", negative.errors().get(0).field());
        assertEquals("metadata.k", refusal("{" + BASE + ",\"metadata\":{\"k\":\"" + escaped + "\"}}").errors().get(0)
                .field());
    }

    @Test
    void tabLineFeedCarriageReturnAndPairedSurrogatesAreText() {
        String prompt = "line one\\r\\nline two\\ttabbed\\n\\ud83c\\udf4c banana \\u00e9 \\ufffd \\u2028";
        String body = "{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"num_outputs\":1,"
                + "\"allow_degrade\":false,\"metadata\":{\"k\":\"v\\r\\n\"}}";
        assertEquals("line one\r\nline two\ttabbed\n\uD83C\uDF4C banana \u00e9 \ufffd \u2028",
                parser.parse("application/json", body.getBytes(StandardCharsets.UTF_8)).prompt());
    }

    @Test
    void whitespaceAroundTheValueIsFine() {
        String body = " \n{" + BASE + "}\r\n\t ";
        assertEquals("cat", parser.parse("application/json", body.getBytes(StandardCharsets.UTF_8)).prompt());
    }
}
