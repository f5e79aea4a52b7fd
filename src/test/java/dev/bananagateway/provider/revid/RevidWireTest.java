package dev.bananagateway.provider.revid;

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
import dev.bananagateway.provider.ModelOffer;
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

/** RevidAPI's payloads from seed 000 and docs/providers.md 3, through the adapter's mapping and parsing. */
class RevidWireTest {

    private static final String CALLBACK = "https://your-domain.com/api/callback";
    private final RevidProvider provider = new RevidProvider(Optional.empty());

    // ---- request mapping: the seed's three curl examples, produced from normalized requests ----

    @Test
    void flashTextToImageMatchesTheSeedExample() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA).prompt(
                "A surreal painting of a giant banana floating in space, stars and galaxies in the background, vibrant colors, digital art")
                .format("png").aspect("1:1").build();
        assertEquals(json("""
                {
                "model": "google/nano-banana",
                "callBackUrl": "https://your-domain.com/api/callback",
                "input": {
                  "prompt": "A surreal painting of a giant banana floating in space, stars and galaxies in the background, vibrant colors, digital art",
                  "output_format": "png",
                  "image_size": "1:1"
                }
                }"""), RevidWire.createBody(request, offer(request), CALLBACK));
    }

    @Test
    void flashWithImagesGoesToTheEditModelWithImageUrls() {
        String prompt = "turn this photo into a character figure. Behind it, place a box with the character’s image printed on it, and a computer showing the Blender modeling process on its screen. In front of the box, add a round plastic base with the character figure standing on it. set the scene indoors if possible";
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA).prompt(prompt)
                .refs("https://file.aiquickdraw.com/custom-page/akr/section-images/1756223420389w8xa2jfe.png")
                .format("png").aspect("1:1").build();
        JsonNode body = RevidWire.createBody(request, offer(request), CALLBACK);
        // the seed's edit example (its closing quote is missing in the doc; the JSON itself is this)
        assertEquals(json("""
                {
                "model": "google/nano-banana-edit",
                "callBackUrl": "https://your-domain.com/api/callback",
                "input": {
                  "prompt": "%s",
                  "image_urls": [
                    "https://file.aiquickdraw.com/custom-page/akr/section-images/1756223420389w8xa2jfe.png"
                  ],
                  "output_format": "png",
                  "image_size": "1:1"
                }
                }""".formatted(prompt)), body);
    }

    @Test
    void proUsesAspectRatioResolutionAndImageInput() {
        String prompt = "Comic poster: cool banana hero in shades leaps from sci-fi pad. Six panels: 1) 4K mountain landscape, 2) banana holds page of long multilingual text with auto translation, 3) Gemini 3 hologram for search/knowledge/reasoning, 4) camera UI sliders for angle focus color, 5) frame trio 1:1-9:16, 6) consistent banana poses. Footer shows Google icons. Tagline: Nano Banana Pro now on Revid API.";
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).prompt(prompt).aspect("1:1")
                .resolution("1K").format("png").build();
        assertEquals(json("""
                {
                "model": "nano-banana-pro",
                "callBackUrl": "https://your-domain.com/api/callback",
                "input": {
                  "prompt": "%s",
                  "aspect_ratio": "1:1",
                  "resolution": "1K",
                  "output_format": "png"
                }
                }""".formatted(prompt)), RevidWire.createBody(request, offer(request), CALLBACK));

        GenerationRequest edit = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs("https://x/a.png")
                .format("jpeg").build();
        JsonNode input = RevidWire.createBody(edit, offer(edit), null).path("input");
        assertEquals("jpg", input.path("output_format").asText(), "Pro spells jpeg as jpg");
        assertEquals("https://x/a.png", input.path("image_input").get(0).asText());
        assertFalse(input.has("image_urls"));
        assertFalse(RevidWire.createBody(edit, offer(edit), null).has("callBackUrl"));
    }

    @Test
    void flashKeepsJpegSpellingAndDegradeDropsTheFixedResolution() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA).format("jpeg").resolution("2K")
                .degrade().build();
        assertTrue(provider.check(request).isEmpty());
        JsonNode input = RevidWire.createBody(request, offer(request), null).path("input");
        assertEquals("jpeg", input.path("output_format").asText());
        assertFalse(input.has("resolution"));
        assertEquals("resolution", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).resolution("2K")
                .build()).orElseThrow().field());
    }

    @Test
    void promptLimitsArePerModel() {
        String long6k = "x".repeat(6_000);
        assertEquals("prompt", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).prompt(long6k).build())
                .orElseThrow().field());
        assertTrue(provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).prompt(long6k).build()).isEmpty());
    }

    @Test
    void priceFollowsTheSeedsUsdFigures() {
        assertEquals(0.02, provider.priceUsd(TestRequests.image(ModelFamilies.NANO_BANANA).build()), 1e-9);
        assertEquals(0.09, provider.priceUsd(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).resolution("2K")
                .build()), 1e-9);
        assertEquals(0.12, provider.priceUsd(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).resolution("4K")
                .build()), 1e-9);
    }

    // ---- answers ----

    @Test
    void createAnswerGivesTheTaskId() throws ProviderException {
        JsonNode root = ProviderErrors.requireBodyCodeOk(RevidProvider.ID, ProviderCall.CREATE, ok("""
                {
                "code": 200,
                "msg": "success",
                "data": {
                "taskId": "281e5b0*********************f39b9"
                }
                }"""));
        assertEquals("281e5b0*********************f39b9", RevidWire.taskId(root));
    }

    @Test
    void seedQueryExampleIsWaitingAndItsEarlyResultIsIgnored() {
        ProviderStatus status = RevidWire.parseStatus(json(SEED_QUERY), null);
        assertEquals(ProviderTaskState.QUEUED, status.state());
        assertEquals("281e5b0*********************f39b9", status.providerTaskId());
        assertTrue(status.outputs().isEmpty());
    }

    @Test
    void successReadsTheResultUrlsFromJsonInsideJson() {
        ProviderStatus status = RevidWire.parseStatus(json(SEED_QUERY.replace("\"waiting\"", "\"success\"")), null);
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertEquals("https://static.aiquickdraw.com/tools/example/1763662100739_DlBXJvdR.png",
                status.outputs().get(0).url());
        assertEquals("image/png", status.outputs().get(0).contentType());
    }

    @Test
    void resultJsonGivenAsAnObjectIsTolerated() {
        ProviderStatus status = RevidWire.parseStatus(json("""
                {"code":200,"msg":"success","data":{"taskId":"t1","state":"success",
                 "resultJson":{"resultUrls":["https://a/1.png","https://a/2.png"]}}}"""), null);
        assertEquals(2, status.outputs().size());
    }

    @Test
    void upstreamStatesMap() {
        assertEquals(ProviderTaskState.QUEUED, stateOf("queuing"));
        assertEquals(ProviderTaskState.RUNNING, stateOf("generating"));
        assertEquals(ProviderTaskState.RUNNING, stateOf("something-new"), "unknown states are never terminal");
    }

    @Test
    void successCallbackParses() throws ProviderException {
        ProviderStatus status = provider.parseCallback("""
                {"code":200,"msg":"Playground task completed successfully.","data":{"taskId":"e989621f54392584b05867f87b160672","model":"google/nano-banana","state":"success","param":"{\\"callBackUrl\\":\\"https://api.example.com/callback\\",\\"model\\":\\"google/nano-banana\\",\\"input\\":{\\"prompt\\":\\"a cat\\"}}","resultJson":"{\\"resultUrls\\":[\\"https://file.example.com/m/1.png\\"]}","failCode":null,"failMsg":null,"costTime":8,"completeTime":1755599644000,"createTime":1755599634000}}""",
                Map.of());
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertEquals("e989621f54392584b05867f87b160672", status.providerTaskId());
        assertEquals("https://file.example.com/m/1.png", status.outputs().get(0).url());
    }

    @Test
    void failureCallbackCarriesFailCodeAndMessage() throws ProviderException {
        ProviderStatus status = provider.parseCallback("""
                {"code":501,"msg":"Playground task failed.","data":{"taskId":"bd3a37c523149e4adf45a3ddb5faf1a8","model":"google/nano-banana","state":"fail","param":"{}","resultJson":null,"failCode":"500","failMsg":"Internal server error","costTime":null,"completeTime":1755597081000,"createTime":1755596341000}}""",
                Map.of());
        assertEquals(ProviderTaskState.FAILED, status.state());
        assertEquals(ErrorClass.GENERATION_FAILED, status.error().errorClass());
        assertEquals("500", status.error().providerCode());
        assertEquals("Internal server error", status.error().message());
    }

    @Test
    void callbackWithoutDataIsRejected() {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.parseCallback("{\"code\":200}", Map.of()));
        assertEquals(ErrorClass.INVALID_REQUEST, e.errorClass());
    }

    @Test
    void bodyCodeIsAuthoritativeOnHttp200() {
        ProviderException e = assertThrows(ProviderException.class, () -> ProviderErrors.requireBodyCodeOk(
                RevidProvider.ID, ProviderCall.CREATE, ok("{\"code\":402,\"msg\":\"Insufficient account balance\"}")));
        assertEquals(ErrorClass.INSUFFICIENT_CREDITS, e.errorClass());
        assertEquals("402", e.providerCode());
        assertFalse(e.possiblyAccepted());
        ProviderException server = assertThrows(ProviderException.class, () -> ProviderErrors.requireBodyCodeOk(
                RevidProvider.ID, ProviderCall.CREATE, ok("{\"code\":500,\"msg\":\"Internal server error\"}")));
        assertEquals(ErrorClass.PROVIDER_ERROR, server.errorClass());
        assertTrue(server.possiblyAccepted(), "a 500 on create may have created the task");
        assertNull(server.retryAfter());
    }

    private ProviderTaskState stateOf(String state) {
        return RevidWire.parseStatus(json("{\"code\":200,\"data\":{\"taskId\":\"t\",\"state\":\"" + state + "\"}}"),
                null).state();
    }

    private ModelOffer offer(GenerationRequest request) {
        return CapabilityCheck.select(request, provider.offers()).orElseThrow();
    }

    private static WireResponse ok(String body) {
        return new WireResponse(200, body, null);
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }

    /** Seed 000's query example, verbatim. */
    private static final String SEED_QUERY = """
            {
            "code": 200,
            "msg": "success",
            "data": {
            "taskId": "281e5b0*********************f39b9",
            "model": "nano-banana-pro",
            "state": "waiting",
            "param": "{\\"model\\":\\"nano-banana-pro\\",\\"input\\":{\\"prompt\\":\\"Comic poster: cool banana hero in shades leaps from sci-fi pad. Six panels: 1) 4K mountain landscape, 2) banana holds page of long multilingual text with auto translation, 3) Gemini 3 hologram for search/knowledge/reasoning, 4) camera UI sliders for angle focus color, 5) frame trio 1:1-9:16, 6) consistent banana poses. Footer shows Google icons. Tagline: Nano Banana Pro now on Revidapi.com.\\",\\"image_input\\":[],\\"aspect_ratio\\":\\"1:1\\",\\"resolution\\":\\"1K\\",\\"output_format\\":\\"png\\"}}",
            "resultJson": "{\\"resultUrls\\":[\\"https://static.aiquickdraw.com/tools/example/1763662100739_DlBXJvdR.png\\"]}",
            "failCode": null,
            "failMsg": null,
            "costTime": null,
            "completeTime": null,
            "createTime": 1757584164490
            }
            }""";
}
