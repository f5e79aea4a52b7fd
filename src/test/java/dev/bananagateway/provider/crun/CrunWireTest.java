package dev.bananagateway.provider.crun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Crun.ai's payloads (seed 002 and docs/providers.md 5) through the adapter's mapping and parsing. */
class CrunWireTest {

    private final CrunProvider provider = new CrunProvider(Optional.empty());

    @Test
    void standardChannelBodyMatchesTheEchoedParam() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA).prompt("a cat").format("png")
                .aspect("16:9").build();
        assertEquals(json("""
                {"model":"google/nano-banana","callback_url":"https://your-domain.com/api/callback",
                 "input":{"prompt":"a cat","output_format":"png","aspect_ratio":"16:9"}}"""),
                CrunWire.createBody(request, offerFor(request), "https://your-domain.com/api/callback"));
    }

    @Test
    void imagesGoToImgUrls() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA)
                .refs("https://x/1.png", "https://x/2.png").build();
        JsonNode input = CrunWire.createBody(request, offerFor(request), null).path("input");
        assertEquals(2, input.path("img_urls").size());
    }

    @Test
    void costOptimizedTierUsesV2AndNeverSendsOutputFormat() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA)
                .tier(ModelFamilies.TIER_COST_OPTIMIZED).format("png").degrade().build();
        assertTrue(provider.check(request).isEmpty());
        JsonNode body = CrunWire.createBody(request, offerFor(request), null);
        assertEquals("google/nano-banana-v2", body.path("model").asText());
        assertFalse(body.path("input").has("output_format"));
        assertEquals("output_format", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA)
                .tier(ModelFamilies.TIER_COST_OPTIMIZED).format("png").build()).orElseThrow().field());
        assertEquals(0.01, provider.priceUsd(request), 1e-9);
    }

    @Test
    void autoAspectIsDroppedOnlyWhenDegradeIsAllowed() {
        assertEquals("aspect_ratio", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).aspect("auto")
                .build()).orElseThrow().field());
        GenerationRequest degraded = TestRequests.image(ModelFamilies.NANO_BANANA).aspect("auto").degrade().build();
        assertFalse(CrunWire.createBody(degraded, offerFor(degraded), null).path("input").has("aspect_ratio"));
    }

    @Test
    void createAnswerGivesTaskId() throws ProviderException {
        JsonNode root = ProviderErrors.requireBodyCodeOk(CrunProvider.ID, ProviderCall.CREATE, new WireResponse(200,
                "{ \"code\": 200, \"message\": \"success\", \"data\": { \"task_id\": \"task_12345678\" } }", null));
        assertEquals("task_12345678", CrunWire.taskId(root));
    }

    @Test
    void taskInfoExampleIsRunningWithParamAsObject() {
        JsonNode root = json(TASK_INFO);
        ProviderStatus status = CrunWire.parseTask(CrunWire.taskObject(root), null, "success");
        assertEquals(ProviderTaskState.RUNNING, status.state());
        assertEquals("d6956973-0000-4000-8000-000000000001", status.providerTaskId());
    }

    @Test
    void finishedTaskHasMediaUrlsAndCredits() {
        JsonNode root = json(TASK_INFO.replace("\"status\": \"running\"", "\"status\": \"success\"")
                .replace("\"result\": null", "\"result\": {\"media_urls\": [\"https://cdn.crun.ai/out/1.png\"]}, \"credits\": 4"));
        ProviderStatus status = CrunWire.parseTask(CrunWire.taskObject(root), null, "success");
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertEquals("https://cdn.crun.ai/out/1.png", status.outputs().get(0).url());
        assertEquals(4.0, status.cost().amount());
    }

    @Test
    void callbackIsTheBareDataObjectOrTheEnvelope() throws ProviderException {
        String bare = """
                {"task_id":"abc","status":"failed","param":{"model":"google/nano-banana"},
                 "result":{"message":"Server exception, please try again later"},"create_at":1768900378}""";
        ProviderStatus fromBare = provider.parseCallback(bare, Map.of());
        assertEquals(ProviderTaskState.FAILED, fromBare.state());
        assertEquals("Server exception, please try again later", fromBare.error().message());
        ProviderStatus fromEnvelope = provider.parseCallback("{\"code\":200,\"message\":\"success\",\"data\":" + bare + "}",
                Map.of());
        assertEquals("abc", fromEnvelope.providerTaskId());
        assertEquals(ProviderTaskState.FAILED, fromEnvelope.state());
    }

    @Test
    void cancelledIsFailed() {
        ProviderStatus status = CrunWire.parseTask(json("{\"task_id\":\"t\",\"status\":\"cancelled\"}"), null, null);
        assertEquals(ProviderTaskState.FAILED, status.state());
        assertEquals("cancelled", status.error().message());
    }

    @Test
    void seedErrorCodesClassify() {
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, bodyCode(455).errorClass());
        assertFalse(bodyCode(455).possiblyAccepted());
        assertEquals(ErrorClass.GENERATION_FAILED, bodyCode(501).errorClass());
        assertEquals(ErrorClass.FEATURE_DISABLED, bodyCode(505).errorClass());
        assertEquals(ErrorClass.INVALID_REQUEST, bodyCode(422).errorClass());
        assertEquals(ErrorClass.RATE_LIMITED, bodyCode(429).errorClass());
        assertTrue(bodyCode(500).possiblyAccepted());
    }

    @Test
    void cloudflare522PageIsUnavailableAndPossiblyAccepted() {
        ProviderException e = assertThrows(ProviderException.class, () -> ProviderErrors.requireBodyCodeOk(CrunProvider.ID,
                ProviderCall.CREATE, new WireResponse(522, "<html><body>Error 522: Connection timed out</body></html>",
                        null)));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertTrue(e.possiblyAccepted());
        assertNull(e.providerCode());
    }

    private static ProviderException bodyCode(int code) {
        return assertThrows(ProviderException.class, () -> ProviderErrors.requireBodyCodeOk(CrunProvider.ID,
                ProviderCall.CREATE, new WireResponse(200, "{\"code\":" + code + ",\"message\":\"no\"}", null)));
    }

    private dev.bananagateway.provider.ModelOffer offerFor(GenerationRequest request) {
        return CapabilityCheck.select(request, provider.offers()).orElseThrow();
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }

    /** docs/providers.md 5.5's TaskInfo example (the doc elides the id and prompt; filled in here). */
    private static final String TASK_INFO = """
            { "code": 200, "message": "success", "data": {
              "task_id": "d6956973-0000-4000-8000-000000000001", "provider": "Google", "model_version": "nano-banana",
              "status": "running",
              "param": { "model": "google/nano-banana", "callback_url": null,
                         "input": { "prompt": "a cat", "output_format": "png", "aspect_ratio": "16:9" } },
              "create_at": 1768900378, "result": null, "duration_s": null, "complete_at": null, "source": "api" } }""";
}
