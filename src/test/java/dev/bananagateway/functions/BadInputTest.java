package dev.bananagateway.functions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bananagateway.testing.Api;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.LogCapture;
import dev.bananagateway.testing.SecretScan;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Bad input through the public API: each gets an RFC 9457 problem with a stable code and a named
 * field, and nothing is written to the table. After each test, no configured secret appears in
 * any answer it got or any log line the application wrote meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class BadInputTest {

    @Inject
    DynamoDbClient dynamo;
    @ConfigProperty(name = "gateway.callback-secret")
    String callbackSecret;
    @ConfigProperty(name = "gateway.webhook-secret")
    String webhookSecret;

    private final List<String> answers = new ArrayList<>();
    private final Filter recordAnswers = (request, response, context) -> {
        Response answer = context.next(request, response);
        answers.add(answer.getHeaders() + "\n" + answer.asString());
        return answer;
    };
    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        answers.clear();
        logs = LogCapture.install();
    }

    @AfterEach
    void noSecretInAnyAnswerOrLogLine() {
        try (LogCapture captured = logs) {
            SecretScan scan = new SecretScan(SecretScan.configuredSecrets(callbackSecret, webhookSecret), List.of());
            assertFalse(answers.isEmpty(), "the answers were recorded");
            for (String answer : answers) {
                scan.leakIn(answer).ifPresent(leak -> fail(leak + " in an answer: " + scan.redact(answer)));
            }
            for (String line : captured.lines()) {
                scan.leakIn(line).ifPresent(leak -> fail(leak + " in a log line: " + scan.redact(line)));
            }
        }
    }

    private RequestSpecification api() {
        return Api.api().filter(recordAnswers);
    }

    private RequestSpecification json(String body) {
        return api().contentType(ContentType.JSON).body(body);
    }

    static Stream<Arguments> badBodies() {
        String longPrompt = "x".repeat(10_001);
        String manyImages = "[" + String.join(",", java.util.Collections.nCopies(15, "\"https://img.example.com/a.png\"")) + "]";
        return Stream.of(
                Arguments.of("{", 400, "MALFORMED_JSON", null),
                Arguments.of("[]", 400, "MALFORMED_JSON", null),
                Arguments.of("null", 400, "MALFORMED_JSON", null),
                Arguments.of("{\"model\":\"nano-banana-pro\"}", 422, "INVALID_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"\",\"model\":\"nano-banana-pro\"}", 422, "INVALID_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"" + longPrompt + "\",\"model\":\"nano-banana-pro\"}", 422, "INVALID_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"a\\u0000b\",\"model\":\"nano-banana-pro\"}", 422, "INVALID_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"cat\"}", 422, "INVALID_FIELD", "model"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"dall-e\"}", 422, "INVALID_FIELD", "model"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-ultra\"}", 422, "INVALID_FIELD", "model"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"NB-PRO\"}", 422, "INVALID_FIELD", "model"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"colour\":\"red\"}", 400, "UNKNOWN_FIELD", "colour"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"provider\":\"acme\"}", 422, "INVALID_FIELD", "provider"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"num_outputs\":\"two\"}", 400, "WRONG_TYPE", "num_outputs"),
                // strict JSON: one value, each name once, no coercion between JSON types (StrictInputTest has every case)
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\"} xyz", 400, "MALFORMED_JSON", null),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\"}{\"prompt\":\"dog\"}", 400, "MALFORMED_JSON", null),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"prompt\":\"dog\"}", 400, "DUPLICATE_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"num_outputs\":\"2\"}", 400, "WRONG_TYPE", "num_outputs"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"num_outputs\":1.5}", 400, "WRONG_TYPE", "num_outputs"),
                Arguments.of("{\"prompt\":123,\"model\":\"nano-banana-pro\"}", 400, "WRONG_TYPE", "prompt"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"allow_degrade\":\"true\"}", 400, "WRONG_TYPE", "allow_degrade"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"metadata\":{\"a\":1}}", 400, "WRONG_TYPE", "metadata.a"),
                Arguments.of("{\"prompt\":\"a\\u0085b\",\"model\":\"nano-banana-pro\"}", 422, "INVALID_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"a\\ud800b\",\"model\":\"nano-banana-pro\"}", 422, "INVALID_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"a\\uffffb\",\"model\":\"nano-banana-pro\"}", 422, "INVALID_FIELD", "prompt"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"num_outputs\":5}", 422, "INVALID_FIELD", "num_outputs"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"aspect_ratio\":\"7:3\"}", 422, "INVALID_FIELD", "aspect_ratio"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"resolution\":\"8K\"}", 422, "INVALID_FIELD", "resolution"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"output_format\":\"gif\"}", 422, "INVALID_FIELD", "output_format"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":" + manyImages + "}", 422, "INVALID_FIELD", "reference_images"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":[\"http://img.example.com/a.png\"]}", 422, "INVALID_FIELD", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":[\"https://127.0.0.1/a.png\"]}", 422, "INVALID_FIELD", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":[\"https://169.254.169.254/latest/meta-data\"]}", 422, "INVALID_FIELD", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":[\"https://[::1]/a.png\"]}", 422, "INVALID_FIELD", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":[\"https://10.1.2.3/a.png\"]}", 422, "INVALID_FIELD", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":[\"https://2130706433/a.png\"]}", 422, "INVALID_FIELD", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"reference_images\":[\"file:///etc/passwd\"]}", 422, "INVALID_FIELD", "reference_images[0]"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"webhook_url\":\"https://192.168.1.10/hook\"}", 422, "INVALID_FIELD", "webhook_url"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"webhook_url\":\"https://metadata.google.internal/hook\"}", 422, "INVALID_FIELD", "webhook_url"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"webhook_url\":\"http://hooks.example.com/x\"}", 422, "INVALID_FIELD", "webhook_url"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"video\":{\"duration_seconds\":4}}", 422, "INVALID_FIELD", "video"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"num_outputs\":2}", 422, "INVALID_FIELD", "num_outputs"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"num_outputs\":2,\"allow_degrade\":true}", 422, "INVALID_FIELD", "num_outputs"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"resolution\":\"2K\"}", 422, "INVALID_FIELD", "resolution"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"output_format\":\"png\"}", 422, "INVALID_FIELD", "output_format"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"quality\":\"hd\"}", 422, "INVALID_FIELD", "quality"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"quality\":\"standard\"}", 422, "INVALID_FIELD", "quality"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"veo-3.1\",\"resolution\":\"1080p\",\"video\":{\"resolution\":\"720p\"}}", 422, "INVALID_FIELD", "resolution"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"metadata\":{\"k\":\"v\\u0007\"}}", 422, "INVALID_FIELD", "metadata.k"),
                Arguments.of("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\",\"tier\":\"premium\"}", 422, "INVALID_FIELD", "tier"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void refusedWithAProblemAndNothingWritten(String body, int status, String code, String field) {
        int before = itemCount();
        ValidatableResponse response = json(body).post("/v1/tasks").then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("type", startsWith("https://"));
        if (field != null) {
            response.body("errors[0].field", equalTo(field));
        }
        assertEquals(before, itemCount(), "a refused request writes nothing");
    }

    @Test
    void anUnknownModelIsToldTheCurrentIdsAndThatAliasesExist() {
        json("{\"prompt\":\"cat\",\"model\":\"dall-e\"}").post("/v1/tasks").then()
                .statusCode(422).body("code", equalTo("INVALID_FIELD")).body("errors[0].field", equalTo("model"))
                .body("errors[0].message", containsString("nano-banana-pro"))
                .body("errors[0].message", containsString("seedream-4"))
                .body("errors[0].message", containsString("aliases"));
    }

    /** A video request names every image-only field it carries, so one answer tells the caller all to remove. */
    @Test
    void aVideoRequestWithImageOnlyFieldsNamesThemAll() {
        int before = itemCount();
        json("{\"prompt\":\"cat\",\"model\":\"veo-3.1-fast\",\"output_format\":\"png\",\"quality\":\"hd\"}")
                .post("/v1/tasks").then()
                .statusCode(422).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_FIELD"))
                .body("errors.field", equalTo(List.of("output_format", "quality")))
                .body("errors[0].message", containsString("allow_degrade"));
        assertEquals(before, itemCount(), "a refused request writes nothing");
    }

    @Test
    void wrongContentTypeIsRefused() {
        int before = itemCount();
        api().contentType("text/plain").body("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\"}").post("/v1/tasks").then()
                .statusCode(415).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        assertEquals(before, itemCount(), "a refused request writes nothing");
    }

    @Test
    void oversizedBodyIsRefused() {
        int before = itemCount();
        String body = "{\"prompt\":\"" + "y".repeat(70_000) + "\",\"model\":\"nano-banana-pro\"}";
        json(body).post("/v1/tasks").then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("BODY_TOO_LARGE"));
        assertEquals(before, itemCount(), "a refused request writes nothing");
    }

    @Test
    void invalidUtf8IsRefused() {
        int before = itemCount();
        byte[] prefix = "{\"prompt\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"model\":\"nano-banana-pro\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        api().contentType("application/json").body(body).post("/v1/tasks").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_UTF8"));
        assertEquals(before, itemCount(), "a refused request writes nothing");
    }

    static Stream<Arguments> hostileStrings() {
        return Stream.of("'; DROP TABLE tasks; --", "<script>alert(1)</script>", "${jndi:ldap://evil/a}",
                "../../etc/passwd", "{{7*7}}", "\" OR \"1\"=\"1", "%00%0d%0aSet-Cookie: a=b").map(Arguments::of);
    }

    /**
     * Every field with a closed vocabulary or a URL refuses an injection-shaped value, names the
     * field, and does not echo the value. (Free text, the prompt and metadata values, is data: it is
     * stored and returned JSON-escaped, never interpreted.)
     */
    @ParameterizedTest
    @MethodSource("hostileStrings")
    void injectionShapedStringsAreRefusedInEveryFieldAndEchoedNowhere(String hostile) {
        int before = itemCount();
        String value = "\"" + hostile.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String base = "\"prompt\":\"cat\",\"model\":\"nano-banana-pro\"";
        String[][] fields = {
                { "{\"prompt\":\"cat\",\"model\":" + value + "}", "model" },
                { "{" + base + ",\"provider\":" + value + "}", "provider" },
                { "{" + base + ",\"tier\":" + value + "}", "tier" },
                { "{" + base + ",\"aspect_ratio\":" + value + "}", "aspect_ratio" },
                { "{" + base + ",\"resolution\":" + value + "}", "resolution" },
                { "{" + base + ",\"output_format\":" + value + "}", "output_format" },
                { "{" + base + ",\"quality\":" + value + "}", "quality" },
                { "{" + base + ",\"reference_images\":[" + value + "]}", "reference_images[0]" },
                { "{" + base + ",\"webhook_url\":" + value + "}", "webhook_url" },
        };
        for (String[] field : fields) {
            json(field[0]).post("/v1/tasks").then()
                    .statusCode(422)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("INVALID_FIELD"))
                    .body("errors[0].field", equalTo(field[1]))
                    .body(not(containsString(hostile)));
        }
        assertEquals(before, itemCount(), "a refused request writes nothing");
    }

    @ParameterizedTest
    @MethodSource("badIdempotencyKeys")
    void aBadIdempotencyKeyIsRefused(String key) {
        int before = itemCount();
        json("{\"prompt\":\"cat\",\"model\":\"nano-banana-pro\"}").header("Idempotency-Key", key).post("/v1/tasks").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_IDEMPOTENCY_KEY"));
        assertEquals(before, itemCount(), "a refused request writes nothing");
    }

    static Stream<Arguments> badIdempotencyKeys() {
        return Stream.of("k".repeat(256), "tab\tinside", "caf\u00e9").map(Arguments::of);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        api().get("/v1/nothing").then().statusCode(404).body("code", equalTo("ROUTE_NOT_FOUND"));
        api().delete("/v1/tasks").then().statusCode(405);
    }

    /** The JDK server answered these with an HTML page; API Gateway and the bridge answer problem+json. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "/v1/tasks/%", "/v1/tasks/%zz", "/v1/tasks/%C3%28",
            "/v1/tasks/tsk_A%2", "/v1/%", "/v1/tasks/x?token=%" })
    void aMalformedPathIsAProblem(String path) throws Exception {
        // sent raw: HTTP clients encode or refuse a bare % themselves
        try (java.net.Socket socket = new java.net.Socket("localhost", Api.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            answers.add(raw);
            String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertTrue(head.startsWith("http/1.1 400"), raw);
            assertTrue(head.contains("content-type: application/problem+json"), raw);
            assertTrue(raw.contains("\"code\":\"MALFORMED_PATH\""), raw);
        }
    }

    @Test
    void statusOfAnUnknownOrMalformedIdIs404() {
        api().get("/v1/tasks/tsk_AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("TASK_NOT_FOUND"));
        api().get("/v1/tasks/' OR 1=1 --").then().statusCode(404).body("code", equalTo("TASK_NOT_FOUND"));
    }

    @Test
    void aForgedCallbackIs401AndChangesNothing() {
        int before = itemCount();
        json("{\"code\":200,\"data\":{\"taskId\":\"x\",\"state\":\"success\"}}")
                .post("/v1/callbacks/revid/tsk_AAAAAAAAAAAAAAAAAAAAAA?token=forged").then()
                .statusCode(401).body("code", equalTo("INVALID_CALLBACK_TOKEN"));
        json("{}").post("/v1/callbacks/revid/tsk_AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(401);
        json("{}").post("/v1/callbacks/acme/tsk_AAAAAAAAAAAAAAAAAAAAAA?token=x").then().statusCode(401);
        assertEquals(before, itemCount());
    }

    private int itemCount() {
        // tests may count with a Scan; the application never scans
        return dynamo.scan(b -> b.tableName(LocalStackTestResource.TABLE).select("COUNT")).count();
    }
}
