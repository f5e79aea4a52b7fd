package dev.bananagateway.provider.crun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.CapabilityCheck;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderError;
import dev.bananagateway.provider.ProviderWireContract;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderErrors;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import dev.bananagateway.provider.WireResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Crun.ai's payloads (seed 002 and docs/providers.md 5; fixtures in src/test/resources/providers/crun/) through
 * the adapter's mapping and parsing.
 */
class CrunWireTest extends ProviderWireContract {

    private static final String TASK_INFO_ID = "d6956973-0000-4000-8000-000000000001";
    private static final String SERVER_EXCEPTION = "Server exception, please try again later";
    private final CrunProvider provider = new CrunProvider(Optional.empty());

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected JsonNode createBody(GenerationRequest request, String callbackUrl) {
        return CrunWire.createBody(request, offerFor(request), callbackUrl);
    }

    @Override
    protected String createdTaskId(WireResponse answer) throws ProviderException {
        return CrunWire.taskId(ProviderErrors.requireBodyCodeOk(CrunProvider.ID, ProviderCall.CREATE, answer));
    }

    @Override
    protected ProviderStatus polledStatus(WireResponse answer, String taskId) throws ProviderException {
        return CrunWire.taskInfoAnswer(answer, taskId, provider.creditRate());
    }

    // ---- the documents' payloads ----

    /** The standard channel's body matches the param the TaskInfo example echoes. */
    @Override
    protected List<DocumentedRequest> documentedRequests() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA).prompt("a cat").format("png")
                .aspect("16:9").build();
        return List.of(new DocumentedRequest("create-request-standard.json", request,
                "https://your-domain.com/api/callback"));
    }

    @Override
    protected List<CreateAnswer> createAnswers() {
        return List.of(new CreateAnswer("create-answer.json", "task_12345678"));
    }

    /**
     * docs/providers.md 5.5's TaskInfo example (status-running.json; the doc elides the id and prompt, filled
     * in there): running, with param as an object. Finished, it has media URLs and the credits charged, which
     * are the task's cost, in USD at the credit rate (undocumented: assumed, $0.005).
     */
    @Override
    protected List<StatusAnswer> statusAnswers() {
        return List.of(StatusAnswer.unfinished("status-running.json", ProviderTaskState.RUNNING, TASK_INFO_ID),
                StatusAnswer.succeeded("status-running.json", TASK_INFO_ID, Output.of("https://cdn.crun.ai/out/1.png"))
                        .edited("finished with media_urls and credits", text -> text
                                .replace("\"status\": \"running\"", "\"status\": \"success\"")
                                .replace("\"result\": null", "\"result\": {\"media_urls\": "
                                        + "[\"https://cdn.crun.ai/out/1.png\"]}, \"credits\": 4"))
                        .and(status -> assertEquals(Cost.providerReported(0.02, 4), status.cost())),
                // a failed task under the seed's 501 "Generation Failed": the task's state, not an error of the call
                StatusAnswer.failed("status-failed-501.json", "d6956973-0000-4000-8000-000000000002",
                        new ProviderError(ErrorClass.GENERATION_FAILED, "failed", SERVER_EXCEPTION)));
    }

    /** The callback is the bare data object (callback-failed.json) or, accepted too, the envelope. */
    @Override
    protected List<StatusAnswer> callbacks() {
        ProviderError serverException = new ProviderError(ErrorClass.GENERATION_FAILED, "failed", SERVER_EXCEPTION);
        return List.of(StatusAnswer.failed("callback-failed.json", "abc", serverException),
                StatusAnswer.failed("callback-failed.json", "abc", serverException).edited("in the envelope",
                        bare -> "{\"code\":200,\"message\":\"success\",\"data\":" + bare + "}"));
    }

    /** A Cloudflare 522 page is unavailable and possibly accepted; it has no provider code. */
    @Override
    protected List<ErrorAnswer> errorAnswers() {
        return List.of(ErrorAnswer.of("error-522-cloudflare.html", 522, ErrorClass.PROVIDER_UNAVAILABLE, null)
                .mayHaveBeenAccepted());
    }

    // ---- mapping and parsing beyond the documents' examples ----

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
        assertEquals(new Price(0.01, null, Price.Basis.ASSUMED), provider.price(request),
                "no document prices Crun: the price is the configuration default");
    }

    @Test
    void autoAspectIsDroppedOnlyWhenDegradeIsAllowed() {
        assertEquals("aspect_ratio", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).aspect("auto")
                .build()).orElseThrow().field());
        GenerationRequest degraded = TestRequests.image(ModelFamilies.NANO_BANANA).aspect("auto").degrade().build();
        assertFalse(CrunWire.createBody(degraded, offerFor(degraded), null).path("input").has("aspect_ratio"));
    }

    /** Only an answer without a task object is an error of the call, classified by its body code. */
    @Test
    void taskInfoWithoutATaskIsAnError() {
        ProviderException serverError = assertThrows(ProviderException.class, () -> polledStatus(new WireResponse(200,
                "{\"code\":500,\"message\":\"Server Error\",\"data\":null}", null), "t"));
        assertEquals(ErrorClass.PROVIDER_ERROR, serverError.errorClass());
        ProviderException notFound = assertThrows(ProviderException.class, () -> polledStatus(new WireResponse(200,
                "{\"code\":404,\"message\":\"Not Found\",\"data\":null}", null), "t"));
        assertEquals(ErrorClass.NOT_FOUND, notFound.errorClass());
    }

    @Test
    void cancelledIsFailed() {
        ProviderStatus status = CrunWire.parseTask(json("{\"task_id\":\"t\",\"status\":\"cancelled\"}"), null, null,
                provider.creditRate());
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
}
