package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.UploadReference;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.MediaFiles;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads for reference images, end to end through the public API, the embedded S3 server (the
 * presigned PUT sent over real HTTP) and the provider simulator: an edit with every provider that
 * takes reference images gets a URL that downloads exactly the uploaded bytes; every refusal is a
 * problem naming the reference, with no provider called and no task written.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@TestProfile(UploadsTest.Profile.class)
class UploadsTest {

    static final String ALICE = "arn:aws:iam::123456789012:role/alice";
    static final String BOB = "arn:aws:iam::123456789012:role/bob";
    static final Duration UPLOAD_LINK_LIFETIME = Duration.ofMinutes(15);
    static final long TEN_MIB = 10L * 1024 * 1024;

    /** Routing by priority with revid last, so a route to revid shows the size limit chose it. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.routing.priority", "nbpcloud,pixazo,imgeditor,crun,revid",
                    "gateway.media.upload-link-lifetime", UPLOAD_LINK_LIFETIME.toMinutes() + "m");
        }
    }

    @Inject
    TaskStore store;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    S3Client s3;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;

    SimulatorControl sim;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
    }

    // ---- an edit with each provider that takes reference images ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({"revid, nano-banana-pro", "nbpcloud, nano-banana-pro", "crun, nano-banana",
            "pixazo, nano-banana-pro", "imgeditor, nano-banana"})
    void anEditGetsAUrlThatDownloadsExactlyTheUploadedBytes(String provider, String model) throws Exception {
        byte[] image = png(64, 48);
        JsonPath upload = createUpload(ALICE, "image/png", image.length, sha256(image));
        assertEquals(200, put(upload, image).statusCode(), "the presigned PUT takes the declared bytes");

        String prompt = "edit this banana " + UUID.randomUUID();
        String taskId = as(ALICE).contentType(ContentType.JSON).body(task(prompt, model, provider,
                upload.getString("reference"))).post("/v1/tasks").then().log().ifValidationFails().statusCode(202)
                .body("provider", equalTo(provider)).extract().path("id");

        List<JsonNode> created = sim.tasksWithPrompt(provider, prompt);
        assertEquals(1, created.size(), "one create at " + provider);
        List<String> references = dev.bananagateway.provider.Json.strings(created.get(0).path("referenceUrls"));
        assertEquals(1, references.size(), references.toString());
        assertFalse(references.get(0).startsWith(UploadReference.PREFIX), "the provider got a URL");
        MediaFiles.Fetched fetched = MediaFiles.fetch(references.get(0));
        assertEquals(sha256(image), fetched.sha256(), "the URL serves the uploaded bytes");
        assertEquals(image.length, fetched.size());

        Task task = store.get(taskId).orElseThrow();
        assertEquals(List.of(upload.getString("reference")), task.request().referenceImageUrls(),
                "the task keeps upload:<id>, never a signed URL");
    }

    @Test
    void theUploadAnswerSignsAPutForTheDeclaredBytesOnly() throws Exception {
        byte[] image = png(32, 32);
        Instant before = Instant.now();
        JsonPath upload = createUpload(ALICE, "image/png", image.length, null);
        Instant expiresAt = Instant.parse(upload.getString("expires_at"));
        assertFalse(expiresAt.isBefore(before.plus(UPLOAD_LINK_LIFETIME)), "valid for the configured lifetime");
        assertFalse(expiresAt.isAfter(Instant.now().plus(UPLOAD_LINK_LIFETIME)), "and not longer");
        assertEquals("upload:" + upload.getString("id"), upload.getString("reference"));
        assertEquals("PUT", upload.getString("upload_method"));
        Map<String, String> headers = upload.getMap("headers");
        assertEquals("image/png", headers.get("Content-Type"), headers.toString());
        assertEquals(Integer.toString(image.length), headers.get("Content-Length"), headers.toString());

        // S3 refuses a body of another length or type than the one signed
        assertEquals(403, put(upload, Arrays.copyOf(image, image.length + 1)).statusCode(), "a longer body");
        assertEquals(403, put(upload, image, Map.of("Content-Type", "image/jpeg")).statusCode(), "another type");
        assertEquals(200, put(upload, image).statusCode() / 100 * 100, "the declared body");
    }

    @Test
    void aShaDeclaredUploadNeverReachesAProviderWithOtherBytes() throws Exception {
        byte[] image = png(40, 40);
        byte[] other = Arrays.copyOf(image, image.length);
        other[other.length - 20] ^= 1; // same length and type, other bytes
        JsonPath upload = createUpload(ALICE, "image/png", image.length, sha256(image));
        assertTrue(upload.getMap("headers").containsKey("x-amz-checksum-sha256"), "the checksum is signed");
        int status = put(upload, other).statusCode();
        if (status == 200) {
            // the embedded server does not verify x-amz-checksum-sha256 (AWS S3 answers 400 BadDigest):
            // the submit's own check refuses the bytes
            assertRefused(ALICE, upload.getString("reference"), "nano-banana-pro", "revid", "UPLOAD_MISMATCH");
        } else {
            assertEquals(400, status / 100 * 100, "S3 refuses bytes whose checksum differs: " + status);
        }
    }

    /** Bytes that got into the bucket without the signed PUT's checks: the submit's own checks refuse them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"other bytes of the declared length, 0", "one byte more than declared, 1"})
    void bytesThatDifferFromTheDeclarationAreRefusedAtSubmit(String name, int extra) throws Exception {
        byte[] image = png(40, 40);
        byte[] other = Arrays.copyOf(image, image.length + extra);
        other[image.length - 20] ^= 1;
        JsonPath upload = createUpload(ALICE, "image/png", image.length, sha256(image));
        String key = URI.create(upload.getString("upload_url")).getPath()
                .substring(("/" + LocalStackTestResource.BUCKET + "/").length());
        s3.putObject(b -> b.bucket(LocalStackTestResource.BUCKET).key(key).contentType("image/png"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(other));
        assertRefused(ALICE, upload.getString("reference"), "nano-banana-pro", "revid", "UPLOAD_MISMATCH");
    }

    // ---- refusals at submit ----

    @Test
    void anUnknownUploadIsRefused() {
        assertRefused(ALICE, "upload:" + UploadReference.newId(), "nano-banana-pro", "revid", "UPLOAD_NOT_FOUND");
    }

    @Test
    void anotherCallersUploadIsRefusedExactlyLikeAnUnknownOne() throws Exception {
        byte[] image = png(16, 16);
        JsonPath bobs = createUpload(BOB, "image/png", image.length, null);
        assertEquals(200, put(bobs, image).statusCode() / 100 * 100);
        assertRefused(ALICE, bobs.getString("reference"), "nano-banana-pro", "revid", "UPLOAD_NOT_FOUND");
    }

    @Test
    void anUploadNotYetPutIsRefused() {
        JsonPath upload = createUpload(ALICE, "image/png", 1000, null);
        assertRefused(ALICE, upload.getString("reference"), "nano-banana-pro", "revid", "UPLOAD_NOT_COMPLETE");
    }

    @Test
    void bytesThatAreNotAnImageAreRefused() throws Exception {
        byte[] html = "<!doctype html><title>not an image</title>".getBytes();
        JsonPath upload = createUpload(ALICE, "image/png", html.length, null);
        assertEquals(200, put(upload, html).statusCode() / 100 * 100);
        assertRefused(ALICE, upload.getString("reference"), "nano-banana-pro", "revid", "UPLOAD_NOT_AN_IMAGE");
    }

    @Test
    void anImageOfAnotherTypeThanDeclaredIsRefused() throws Exception {
        byte[] jpeg = image("jpg", 24, 24);
        JsonPath upload = createUpload(ALICE, "image/png", jpeg.length, null);
        assertEquals(200, put(upload, jpeg).statusCode() / 100 * 100);
        assertRefused(ALICE, upload.getString("reference"), "nano-banana-pro", "revid", "UPLOAD_NOT_AN_IMAGE");
    }

    @Test
    void anUploadTooLargeForThePinnedProviderIsRefused() throws Exception {
        String reference = uploaded(ALICE, largePng(TEN_MIB + 1));
        assertRefused(ALICE, reference, "nano-banana-pro", "nbpcloud", "REFERENCE_IMAGE_TOO_LARGE");
    }

    @Test
    void anUploadNoCapableProviderTakesIsRefused() throws Exception {
        // nano-banana: revid's edit model, nbpcloud, crun and imgeditor all take at most 10 MiB
        String reference = uploaded(ALICE, largePng(TEN_MIB + 1));
        assertRefused(ALICE, reference, "nano-banana", null, "REFERENCE_IMAGE_TOO_LARGE");
    }

    @Test
    void unpinnedALargeUploadIsRoutedToAProviderThatTakesIt() throws Exception {
        String small = uploaded(ALICE, png(8, 8));
        String large = uploaded(ALICE, largePng(TEN_MIB + 1));
        // revid is last by priority; only its Pro model takes more than 10 MiB (30 MB)
        assertEquals("nbpcloud", submitted(ALICE, "nano-banana-pro", null, small).getString("provider"));
        assertEquals("revid", submitted(ALICE, "nano-banana-pro", null, large).getString("provider"));
    }

    @Test
    void aMalformedUploadReferenceIsAnInvalidField() {
        assertRefused(ALICE, "upload:nope", "nano-banana-pro", "revid", "INVALID_FIELD");
    }

    @Test
    void theRefusalNamesTheReferenceAtFault() throws Exception {
        String good = uploaded(ALICE, png(8, 8));
        long tasks = taskCount();
        String prompt = "two refs " + UUID.randomUUID();
        as(ALICE).contentType(ContentType.JSON).body("{\"prompt\":\"" + prompt
                + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\",\"reference_images\":[\"" + good
                + "\",\"upload:" + UploadReference.newId() + "\"]}").post("/v1/tasks").then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("UPLOAD_NOT_FOUND"))
                .body("errors[0].field", equalTo("reference_images[1]"));
        assertNothingHappened(prompt, tasks);
    }

    // ---- bad input to POST /v1/uploads ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON|{|400|MALFORMED_JSON|",
            "an unknown field|{\"content_type\":\"image/png\",\"size_bytes\":10,\"name\":\"a.png\"}|400|UNKNOWN_FIELD|name",
            "a duplicate field|{\"content_type\":\"image/png\",\"size_bytes\":10,\"size_bytes\":11}|400|DUPLICATE_FIELD|size_bytes",
            "a size as text|{\"content_type\":\"image/png\",\"size_bytes\":\"10\"}|400|WRONG_TYPE|size_bytes",
            "a fractional size|{\"content_type\":\"image/png\",\"size_bytes\":10.5}|400|WRONG_TYPE|size_bytes",
            "trailing content|{\"content_type\":\"image/png\",\"size_bytes\":10} {}|400|MALFORMED_JSON|",
            "no content type|{\"size_bytes\":10}|422|INVALID_FIELD|content_type",
            "a GIF|{\"content_type\":\"image/gif\",\"size_bytes\":10}|422|INVALID_FIELD|content_type",
            "a video|{\"content_type\":\"video/mp4\",\"size_bytes\":10}|422|INVALID_FIELD|content_type",
            "no size|{\"content_type\":\"image/png\"}|422|INVALID_FIELD|size_bytes",
            "an empty file|{\"content_type\":\"image/png\",\"size_bytes\":0}|422|INVALID_FIELD|size_bytes",
            "a file over 30 MiB|{\"content_type\":\"image/png\",\"size_bytes\":31457281}|422|INVALID_FIELD|size_bytes",
            "a short sha256|{\"content_type\":\"image/png\",\"size_bytes\":10,\"sha256\":\"abc\"}|422|INVALID_FIELD|sha256"})
    void badUploadRequestsAreRefusedAndRecordNothing(String name, String body, int status, String code, String field) {
        int before = uploadObjects();
        Response answer = as(ALICE).contentType(ContentType.JSON).body(body).post("/v1/uploads");
        answer.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
        if (field != null && !field.isEmpty()) {
            answer.then().body("errors[0].field", equalTo(field));
        }
        assertEquals(before, uploadObjects(), "nothing recorded");
    }

    @Test
    void anUploadRequestThatIsNotJsonIsRefused() {
        int before = uploadObjects();
        as(ALICE).contentType(ContentType.TEXT).body("content_type=image/png").post("/v1/uploads").then()
                .statusCode(415).contentType("application/problem+json").body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        assertEquals(before, uploadObjects());
    }

    @Test
    void theUploadIsKeptUnderTheCallersPrefixNotItsArn() {
        JsonPath upload = createUpload(ALICE, "image/png", 10, null);
        String url = upload.getString("upload_url");
        assertTrue(url.contains("/uploads/") && url.contains("/" + upload.getString("id") + "?"), url);
        assertFalse(url.toLowerCase(Locale.ROOT).contains("alice"), "no ARN in the key: " + url);
    }

    // ---- helpers ----

    private void assertRefused(String owner, String reference, String model, String provider, String code) {
        long tasks = taskCount();
        String prompt = "refused banana " + UUID.randomUUID();
        as(owner).contentType(ContentType.JSON).body(task(prompt, model, provider, reference)).post("/v1/tasks")
                .then().statusCode(422).contentType("application/problem+json").body("code", equalTo(code))
                .body("errors[0].field", equalTo("reference_images[0]"))
                .body("detail", startsWith("reference_images[0]: "));
        assertNothingHappened(prompt, tasks);
    }

    private void assertNothingHappened(String prompt, long tasksBefore) {
        for (String provider : Set.of("revid", "nbpcloud", "crun", "pixazo", "imgeditor")) {
            assertEquals(List.of(), sim.tasksWithPrompt(provider, prompt), "no create at " + provider);
        }
        assertEquals(tasksBefore, taskCount(), "no task written");
    }

    private JsonPath submitted(String owner, String model, String provider, String reference) {
        return as(owner).contentType(ContentType.JSON).body(task("routed banana " + UUID.randomUUID(), model,
                provider, reference)).post("/v1/tasks").then().statusCode(202).extract().jsonPath();
    }

    private static String task(String prompt, String model, String provider, String reference) {
        return "{\"prompt\":\"" + prompt + "\",\"model\":\"" + model + "\""
                + (provider == null ? "" : ",\"provider\":\"" + provider + "\"")
                + ",\"reference_images\":[\"" + reference + "\"]}";
    }

    private String uploaded(String owner, byte[] bytes) throws Exception {
        JsonPath upload = createUpload(owner, "image/png", bytes.length, null);
        assertEquals(200, put(upload, bytes).statusCode() / 100 * 100);
        return upload.getString("reference");
    }

    private static JsonPath createUpload(String owner, String type, long size, String sha256) {
        return as(owner).contentType(ContentType.JSON).body("{\"content_type\":\"" + type + "\",\"size_bytes\":" + size
                + (sha256 == null ? "" : ",\"sha256\":\"" + sha256 + "\"") + "}").post("/v1/uploads").then()
                .statusCode(201).contentType(ContentType.JSON).extract().jsonPath();
    }

    private HttpResponse<String> put(JsonPath upload, byte[] body) throws Exception {
        return put(upload, body, Map.of());
    }

    /** The PUT a caller makes: the answer's headers (the client sets Content-Length from the body itself). */
    private HttpResponse<String> put(JsonPath upload, byte[] body, Map<String, String> overrides) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.getString("upload_url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = new java.util.HashMap<>(upload.getMap("headers"));
        headers.putAll(overrides);
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static io.restassured.specification.RequestSpecification as(String owner) {
        return api().header("x-local-principal", owner);
    }

    private long taskCount() {
        return dynamo.scan(b -> b.tableName(LocalStackTestResource.TABLE).select("COUNT")).count();
    }

    private int uploadObjects() {
        return s3.listObjectsV2(b -> b.bucket(LocalStackTestResource.BUCKET).prefix("uploads/")).keyCount();
    }

    static byte[] png(int width, int height) throws IOException {
        return image("png", width, height);
    }

    static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 7 + y * 13 + (int) (Math.random() * 255)) & 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), format);
        return out.toByteArray();
    }

    /** A PNG of {@code size} bytes: a real header, then filler (only the signature is read). */
    static byte[] largePng(long size) throws IOException {
        byte[] head = png(4, 4);
        return Arrays.copyOf(head, (int) size);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
