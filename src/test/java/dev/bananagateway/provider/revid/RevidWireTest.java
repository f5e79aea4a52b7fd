package dev.bananagateway.provider.revid;

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
import dev.bananagateway.provider.ModelOffer;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RevidAPI's payloads from seed 000 and docs/providers.md 3 (fixtures in src/test/resources/providers/revid/),
 * through the adapter's mapping and parsing.
 */
class RevidWireTest extends ProviderWireContract {

    private static final String CALLBACK = "https://your-domain.com/api/callback";
    private static final String SEED_TASK_ID = "281e5b0*********************f39b9";
    private final RevidProvider provider = new RevidProvider(Optional.empty());

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected JsonNode createBody(GenerationRequest request, String callbackUrl) {
        return RevidWire.createBody(request, offer(request), callbackUrl);
    }

    @Override
    protected String createdTaskId(WireResponse answer) throws ProviderException {
        return RevidWire.taskId(ProviderErrors.requireBodyCodeOk(RevidProvider.ID, ProviderCall.CREATE, answer));
    }

    @Override
    protected ProviderStatus polledStatus(WireResponse answer, String taskId) throws ProviderException {
        return RevidWire.queryAnswer(answer, taskId);
    }

    // ---- the documents' payloads ----

    /** The seed's three curl examples, produced from normalized requests. */
    @Override
    protected List<DocumentedRequest> documentedRequests() {
        GenerationRequest flash = TestRequests.image(ModelFamilies.NANO_BANANA).prompt(
                "A surreal painting of a giant banana floating in space, stars and galaxies in the background, vibrant colors, digital art")
                .format("png").aspect("1:1").build();
        // flash with images goes to the edit model with image_urls; the seed's edit example (its closing
        // quote is missing in the doc; the JSON itself is create-request-edit.json)
        GenerationRequest edit = TestRequests.image(ModelFamilies.NANO_BANANA).prompt(
                "turn this photo into a character figure. Behind it, place a box with the character’s image printed on it, and a computer showing the Blender modeling process on its screen. In front of the box, add a round plastic base with the character figure standing on it. set the scene indoors if possible")
                .refs("https://file.aiquickdraw.com/custom-page/akr/section-images/1756223420389w8xa2jfe.png")
                .format("png").aspect("1:1").build();
        // Pro uses aspect_ratio and resolution
        GenerationRequest pro = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).prompt(
                "Comic poster: cool banana hero in shades leaps from sci-fi pad. Six panels: 1) 4K mountain landscape, 2) banana holds page of long multilingual text with auto translation, 3) Gemini 3 hologram for search/knowledge/reasoning, 4) camera UI sliders for angle focus color, 5) frame trio 1:1-9:16, 6) consistent banana poses. Footer shows Google icons. Tagline: Nano Banana Pro now on Revid API.")
                .aspect("1:1").resolution("1K").format("png").build();
        return List.of(new DocumentedRequest("create-request-flash.json", flash, CALLBACK),
                new DocumentedRequest("create-request-edit.json", edit, CALLBACK),
                new DocumentedRequest("create-request-pro.json", pro, CALLBACK));
    }

    @Override
    protected List<CreateAnswer> createAnswers() {
        return List.of(new CreateAnswer("create-answer.json", SEED_TASK_ID));
    }

    /**
     * Seed 000's query example, verbatim (status-waiting.json): waiting, and its early resultJson is ignored.
     * The same answer with state success reads the result URLs from the JSON inside the JSON. A failed task
     * (status-failed.json): seed 000 says the callback "is identical to the Query Task API response", and a
     * failed task's callback carries code 501, so the query answer does too; it is the task's state, not an
     * error of the call.
     */
    @Override
    protected List<StatusAnswer> statusAnswers() {
        return List.of(StatusAnswer.unfinished("status-waiting.json", ProviderTaskState.QUEUED, SEED_TASK_ID),
                StatusAnswer.succeeded("status-waiting.json", SEED_TASK_ID, new Output(
                        "https://static.aiquickdraw.com/tools/example/1763662100739_DlBXJvdR.png", "image/png", null,
                        null, null))
                        .edited("with state success", text -> text.replace("\"waiting\"", "\"success\"")),
                StatusAnswer.failed("status-failed.json", SEED_TASK_ID,
                        new ProviderError(ErrorClass.GENERATION_FAILED, "500", "Internal server error")),
                StatusAnswer.failed("callback-failed.json", "bd3a37c523149e4adf45a3ddb5faf1a8",
                        new ProviderError(ErrorClass.GENERATION_FAILED, "500", "Internal server error")));
    }

    /** The callback body is the query answer; a failure carries failCode and failMsg. */
    @Override
    protected List<StatusAnswer> callbacks() {
        return List.of(
                StatusAnswer.succeeded("callback-success.json", "e989621f54392584b05867f87b160672",
                        Output.of("https://file.example.com/m/1.png")),
                StatusAnswer.failed("callback-failed.json", "bd3a37c523149e4adf45a3ddb5faf1a8",
                        new ProviderError(ErrorClass.GENERATION_FAILED, "500", "Internal server error")));
    }

    /**
     * The body code is authoritative on HTTP 200. Seed 000 lists the codes but prints no error body: these
     * follow its {@code {code, msg}} envelope.
     */
    @Override
    protected List<ErrorAnswer> errorAnswers() {
        return List.of(
                ErrorAnswer.of("error-402-insufficient-balance.json", 200, ErrorClass.INSUFFICIENT_CREDITS,
                        "Insufficient account balance").withProviderCode("402"),
                // a 500 on create may have created the task
                ErrorAnswer.of("error-500.json", 200, ErrorClass.PROVIDER_ERROR, "Internal server error")
                        .withProviderCode("500").mayHaveBeenAccepted());
    }

    // ---- request mapping beyond the seed's examples ----

    @Test
    void proEditUsesImageInputAndSpellsJpegAsJpg() {
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
    void priceFollowsTheSeedsUsdFiguresWithTheirCredits() {
        assertEquals(Price.documented(0.02, 8.0), provider.price(TestRequests.image(ModelFamilies.NANO_BANANA).build()));
        assertEquals(Price.documented(0.09, 25.0), provider.price(TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .resolution("2K").build()));
        assertEquals(Price.documented(0.12, 35.0), provider.price(TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .resolution("4K").build()));
        assertEquals(Cost.priceTable(0.12, 35.0), provider.price(TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .resolution("4K").build()).estimate(), "the task's estimate names the price table");
    }

    // ---- answers beyond the seed's examples ----

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

    /** Only an answer without a task state is an error of the call, classified by its body code. */
    @Test
    void queryAnswerWithoutATaskStateIsAnError() {
        ProviderException serverError = assertThrows(ProviderException.class,
                () -> polledStatus(new WireResponse(200, fixture("error-500.json"), null), "t"));
        assertEquals(ErrorClass.PROVIDER_ERROR, serverError.errorClass());
        assertEquals("500", serverError.providerCode());
        ProviderException notFound = assertThrows(ProviderException.class, () -> polledStatus(new WireResponse(200,
                "{\"code\":404,\"msg\":\"Resource not found\",\"data\":null}", null), "t"));
        assertEquals(ErrorClass.NOT_FOUND, notFound.errorClass());
        ProviderException noState = assertThrows(ProviderException.class, () -> polledStatus(new WireResponse(200,
                "{\"code\":500,\"msg\":\"Internal server error\",\"data\":{\"taskId\":\"t\"}}", null), "t"));
        assertEquals(ErrorClass.PROVIDER_ERROR, noState.errorClass());
    }

    @Test
    void callbackWithoutDataIsRejected() {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.parseCallback("{\"code\":200}", Map.of()));
        assertEquals(ErrorClass.INVALID_REQUEST, e.errorClass());
    }

    private ProviderTaskState stateOf(String state) {
        return RevidWire.parseStatus(json("{\"code\":200,\"data\":{\"taskId\":\"t\",\"state\":\"" + state + "\"}}"),
                null).state();
    }

    private ModelOffer offer(GenerationRequest request) {
        return CapabilityCheck.select(request, provider.offers()).orElseThrow();
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }
}
