package dev.bananagateway.provider.pixazo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderErrors;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import dev.bananagateway.provider.WireResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pixazo's payloads from seed 003 through the adapter's mapping and parsing. */
class PixazoWireTest {

    private static final String ID = "a1b2c3d4-e5f6-7890-g1h2-i3j4k5l6m7n8";
    private final PixazoProvider provider = new PixazoProvider(Optional.empty());

    @Test
    void requestBodyIsTheSeedExample() {
        var request = TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .prompt("make a photo of the man driving the car down the california coastline")
                .refs("https://storage.googleapis.com/falserverless/example_inputs/nano-banana-edit-input.png",
                        "https://storage.googleapis.com/falserverless/example_inputs/nano-banana-edit-input-2.png")
                .build();
        assertTrue(provider.check(request).isEmpty());
        assertEquals(json("""
                { "prompt": "make a photo of the man driving the car down the california coastline", "image_urls": [ "https://storage.googleapis.com/falserverless/example_inputs/nano-banana-edit-input.png", "https://storage.googleapis.com/falserverless/example_inputs/nano-banana-edit-input-2.png" ] }"""),
                PixazoWire.createBody(request));
        assertEquals(json("{ \"request_id\": \"a1b2c3d4-e5f6-7890-g1h2-i3j4k5l6m7n8\" }"), PixazoWire.resultBody(ID));
    }

    @Test
    void editOnlyAndHttpsOnly() {
        assertEquals("reference_images", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build())
                .orElseThrow().field());
        assertEquals("reference_images", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .refs("http://plain/a.png").build()).orElseThrow().field());
        assertEquals("model", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).refs("https://a/b.png")
                .build()).orElseThrow().field());
    }

    @Test
    void createAnswerGivesRequestId() throws ProviderException {
        JsonNode root = ProviderErrors.requireSuccess(PixazoProvider.ID, ProviderCall.CREATE, new WireResponse(200,
                "{ \"status\": \"IN_QUEUE\", \"request_id\": \"a1b2c3d4-e5f6-7890-g1h2-i3j4k5l6m7n8\" }", null));
        assertEquals(ID, PixazoWire.requestId(root));
        assertEquals(ProviderTaskState.QUEUED, PixazoWire.parseStatus(root, null).state());
    }

    @Test
    void inProgressGivesTheEta() {
        ProviderStatus status = PixazoWire.parseStatus(json("""
                { "status": "IN_PROGRESS", "request_id": "a1b2c3d4-e5f6-7890-g1h2-i3j4k5l6m7n8", "queue_position": 2, "estimated_remaining_seconds": 8 }"""),
                null);
        assertEquals(ProviderTaskState.RUNNING, status.state());
        assertEquals(8, status.etaSeconds());
    }

    @Test
    void completedGivesImagesWithSizeAndType() {
        ProviderStatus status = PixazoWire.parseStatus(json("""
                { "status": "COMPLETED", "request_id": "a1b2c3d4-e5f6-7890-g1h2-i3j4k5l6m7n8", "images": [ { "url": "https://storage.googleapis.com/output/image_1.png", "width": 1024, "height": 1024, "content_type": "image/png" } ], "metadata": { "processing_time_seconds": 12.4, "input_image_count": 2 } }"""),
                null);
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertEquals(new Output("https://storage.googleapis.com/output/image_1.png", "image/png", 1024, 1024, null),
                status.outputs().get(0));
    }

    @Test
    void failedAndErrorAreFailures() {
        ProviderStatus failed = PixazoWire.parseStatus(json("""
                { "status": "FAILED", "request_id": "a1b2c3d4-e5f6-7890-g1h2-i3j4k5l6m7n8", "error": "Invalid image URL" }"""),
                null);
        assertEquals(ProviderTaskState.FAILED, failed.state());
        assertEquals("Invalid image URL", failed.error().message());
        assertEquals(ProviderTaskState.FAILED, PixazoWire.parseStatus(json("{\"status\":\"ERROR\"}"), ID).state());
    }

    @Test
    void errorBodiesInBothShapes() {
        ProviderException seedShape = error(401, "{ \"error\": \"Invalid or missing authentication\" }", null);
        assertEquals(ErrorClass.AUTH_FAILED, seedShape.errorClass());
        assertTrue(seedShape.getMessage().contains("Invalid or missing authentication"));
        ProviderException apim = error(429, "{ \"statusCode\": 429, \"message\": \"Rate limit is exceeded. Try again in 7 seconds.\" }", "7");
        assertEquals(ErrorClass.RATE_LIMITED, apim.errorClass());
        assertEquals(Duration.ofSeconds(7), apim.retryAfter());
        assertTrue(apim.getMessage().contains("Rate limit is exceeded"));
        assertEquals(ErrorClass.FORBIDDEN, error(403, "{ \"error\": \"Access denied for this operation\" }", null).errorClass());
        assertEquals(ErrorClass.NOT_FOUND, error(404, "{ \"error\": \"Endpoint not found\" }", null).errorClass());
        assertEquals(ErrorClass.INVALID_REQUEST, error(400, "{ \"error\": \"Invalid request parameters\" }", null).errorClass());
        ProviderException server = error(500, "{ \"error\": \"An unexpected error occurred, please try again later\" }", null);
        assertEquals(ErrorClass.PROVIDER_ERROR, server.errorClass());
        assertTrue(server.possiblyAccepted());
    }

    private static ProviderException error(int status, String body, String retryAfter) {
        return assertThrows(ProviderException.class, () -> ProviderErrors.requireSuccess(PixazoProvider.ID, ProviderCall.CREATE,
                new WireResponse(status, body, retryAfter)));
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }
}
