package dev.bananagateway.vendor.nbpcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.vendor.CapabilityCheck;
import dev.bananagateway.vendor.ErrorClass;
import dev.bananagateway.vendor.Json;
import dev.bananagateway.vendor.ModelFamilies;
import dev.bananagateway.vendor.TestRequests;
import dev.bananagateway.vendor.VendorCall;
import dev.bananagateway.vendor.VendorErrors;
import dev.bananagateway.vendor.VendorException;
import dev.bananagateway.vendor.VendorId;
import dev.bananagateway.vendor.VendorStatus;
import dev.bananagateway.vendor.VendorTaskState;
import dev.bananagateway.vendor.WireResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nanobananapro.cloud's payloads from seed 001 through the adapter's mapping and parsing. */
class NbpcloudWireTest {

    private final NbpcloudVendor vendor = new NbpcloudVendor(Optional.empty());

    @Test
    void imageToImageBodyCarriesTheSeedsFields() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NB_PRO)
                .prompt("A banana cat in a spacesuit on the moon").aspect("auto").resolution("1K")
                .refs("https://example.com/ref.png").build();
        JsonNode body = NbpcloudWire.createBody(request, CapabilityCheck.select(request, vendor.offers()).orElseThrow());
        assertEquals(json("""
                {"prompt":"A banana cat in a spacesuit on the moon","model":"nano-banana-pro","mode":"image-to-image",
                 "aspectRatio":"auto","imageSize":"1K","imageUrl":["https://example.com/ref.png"]}"""), body);
    }

    @Test
    void familiesMapToTheThreeModelsAndTextModeSendsNoImages() {
        GenerationRequest fast = TestRequests.image(ModelFamilies.NB_FAST).build();
        JsonNode body = NbpcloudWire.createBody(fast, CapabilityCheck.select(fast, vendor.offers()).orElseThrow());
        assertEquals("nano-banana-fast", body.path("model").asText());
        assertEquals("text-to-image", body.path("mode").asText());
        assertFalse(body.has("imageUrl"));
        assertFalse(body.has("imageSize"), "vendor default unless asked");
        assertEquals(0.025, vendor.priceUsd(fast), 1e-9);
        assertEquals(0.10, vendor.priceUsd(TestRequests.image(ModelFamilies.NB_PRO).build()), 1e-9);
    }

    @Test
    void outputFormatCannotBeChosenUnlessDegraded() {
        GenerationRequest png = TestRequests.image(ModelFamilies.NB_PRO).format("png").build();
        assertEquals("output_format", vendor.check(png).orElseThrow().field());
        GenerationRequest degraded = TestRequests.image(ModelFamilies.NB_PRO).format("png").degrade().build();
        assertTrue(vendor.check(degraded).isEmpty());
        assertFalse(NbpcloudWire.createBody(degraded, vendor.offers().get(2)).has("output_format"));
    }

    @Test
    void resultRequestUsesTaskId() {
        assertEquals(json("{\"taskId\":\"task-id-xxx\"}"), NbpcloudWire.resultBody("task-id-xxx"));
    }

    @Test
    void seedCreateAnswerIsRunningWithTheTaskId() throws VendorException {
        JsonNode root = VendorErrors.requireSuccess(VendorId.NBPCLOUD, VendorCall.CREATE, new WireResponse(200, """
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
        VendorStatus status = NbpcloudWire.parseStatus(root, null);
        assertEquals(VendorTaskState.RUNNING, status.state());
        assertEquals(0, status.progress());
    }

    @Test
    void seedResultAnswerSucceeds() {
        VendorStatus status = NbpcloudWire.parseStatus(json("""
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
        assertEquals(VendorTaskState.SUCCEEDED, status.state());
        assertEquals("task-id-xxx", status.vendorTaskId());
        assertEquals("https://example.com/generated.png", status.outputs().get(0).url());
    }

    @Test
    void failedTaskCarriesTheReason() {
        VendorStatus status = NbpcloudWire.parseStatus(json("""
                {"data":{"id":"t","results":[],"progress":40,"status":"failed","failure_reason":"NSFW content","error":null}}"""),
                null);
        assertEquals(VendorTaskState.FAILED, status.state());
        assertEquals("NSFW content", status.error().message());
    }

    @Test
    void errorStatusesClassify() {
        VendorException auth = httpError(401, "{\"error\":\"Unauthorized\"}");
        assertEquals(ErrorClass.AUTH_FAILED, auth.errorClass());
        assertTrue(auth.getMessage().contains("Unauthorized"));
        assertEquals(ErrorClass.INSUFFICIENT_CREDITS, httpError(402, "{\"message\":\"Insufficient credits\"}").errorClass());
        assertEquals(ErrorClass.INVALID_REQUEST, httpError(400, "{\"error\":\"image-to-image requires an image\"}").errorClass());
    }

    private static VendorException httpError(int status, String body) {
        return assertThrows(VendorException.class, () -> VendorErrors.requireSuccess(VendorId.NBPCLOUD,
                VendorCall.CREATE, new WireResponse(status, body, null)));
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }
}
