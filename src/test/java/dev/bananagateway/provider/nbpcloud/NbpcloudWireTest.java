package dev.bananagateway.provider.nbpcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.CapabilityCheck;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nanobananapro.cloud's payloads from seed 001 through the adapter's mapping and parsing. */
class NbpcloudWireTest {

    private final NbpcloudProvider provider = new NbpcloudProvider(Optional.empty());

    @Test
    void imageToImageBodyCarriesTheSeedsFields() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .prompt("A banana cat in a spacesuit on the moon").aspect("auto").resolution("1K")
                .refs("https://example.com/ref.png").build();
        JsonNode body = NbpcloudWire.createBody(request, CapabilityCheck.select(request, provider.offers()).orElseThrow());
        assertEquals(json("""
                {"prompt":"A banana cat in a spacesuit on the moon","model":"nano-banana-pro","mode":"image-to-image",
                 "aspectRatio":"auto","imageSize":"1K","imageUrl":["https://example.com/ref.png"]}"""), body);
    }

    @Test
    void familiesMapToTheThreeModelsAndTextModeSendsNoImages() {
        GenerationRequest fast = TestRequests.image(ModelFamilies.NANO_BANANA_FAST).build();
        JsonNode body = NbpcloudWire.createBody(fast, CapabilityCheck.select(fast, provider.offers()).orElseThrow());
        assertEquals("nano-banana-fast", body.path("model").asText());
        assertEquals("text-to-image", body.path("mode").asText());
        assertFalse(body.has("imageUrl"));
        assertFalse(body.has("imageSize"), "provider default unless asked");
        assertEquals(0.025, provider.priceUsd(fast), 1e-9);
        assertEquals(0.10, provider.priceUsd(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build()), 1e-9);
    }

    @Test
    void outputFormatCannotBeChosenUnlessDegraded() {
        GenerationRequest png = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).format("png").build();
        assertEquals("output_format", provider.check(png).orElseThrow().field());
        GenerationRequest degraded = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).format("png").degrade().build();
        assertTrue(provider.check(degraded).isEmpty());
        assertFalse(NbpcloudWire.createBody(degraded, provider.offers().get(2)).has("output_format"));
    }

    @Test
    void resultRequestUsesTaskId() {
        assertEquals(json("{\"taskId\":\"task-id-xxx\"}"), NbpcloudWire.resultBody("task-id-xxx"));
    }

    @Test
    void seedCreateAnswerIsRunningWithTheTaskId() throws ProviderException {
        JsonNode root = ProviderErrors.requireSuccess(NbpcloudProvider.ID, ProviderCall.CREATE, new WireResponse(200, """
                {
                "data": {
                "id": "task-id-xxx",
                "results": [],
                "progress": 0,
                "status": "running",
                "failure_reason": null,
                "error": null,
                "credits_cost": 20
                }
                }""", null));
        assertEquals("task-id-xxx", NbpcloudWire.taskId(root));
        ProviderStatus status = NbpcloudWire.parseStatus(root, null);
        assertEquals(ProviderTaskState.RUNNING, status.state());
        assertEquals(0, status.progress());
    }

    @Test
    void seedResultAnswerSucceeds() {
        ProviderStatus status = NbpcloudWire.parseStatus(json("""
                {
                "data": {
                "id": "task-id-xxx",
                "results": [
                {
                "url": "https://example.com/generated.png",
                "content": "A banana cat in a spacesuit on the moon"
                }
                ],
                "progress": 100,
                "status": "succeeded",
                "failure_reason": null,
                "error": null
                }
                }"""), "ignored");
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertEquals("task-id-xxx", status.providerTaskId());
        assertEquals("https://example.com/generated.png", status.outputs().get(0).url());
    }

    @Test
    void failedTaskCarriesTheReason() {
        ProviderStatus status = NbpcloudWire.parseStatus(json("""
                {"data":{"id":"t","results":[],"progress":40,"status":"failed","failure_reason":"NSFW content","error":null}}"""),
                null);
        assertEquals(ProviderTaskState.FAILED, status.state());
        assertEquals("NSFW content", status.error().message());
    }

    @Test
    void errorStatusesClassify() {
        ProviderException auth = httpError(401, "{\"error\":\"Unauthorized\"}");
        assertEquals(ErrorClass.AUTH_FAILED, auth.errorClass());
        assertTrue(auth.getMessage().contains("Unauthorized"));
        assertEquals(ErrorClass.INSUFFICIENT_CREDITS, httpError(402, "{\"message\":\"Insufficient credits\"}").errorClass());
        assertEquals(ErrorClass.INVALID_REQUEST, httpError(400, "{\"error\":\"image-to-image requires an image\"}").errorClass());
    }

    private static ProviderException httpError(int status, String body) {
        return assertThrows(ProviderException.class, () -> ProviderErrors.requireSuccess(NbpcloudProvider.ID,
                ProviderCall.CREATE, new WireResponse(status, body, null)));
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }
}
