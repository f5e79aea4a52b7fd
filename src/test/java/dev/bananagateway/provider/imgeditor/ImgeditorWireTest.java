package dev.bananagateway.provider.imgeditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.MediaKind;
import dev.bananagateway.model.Output;
import dev.bananagateway.model.VideoOptions;
import dev.bananagateway.provider.CapabilityCheck;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderWireContract;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.Unsupported;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import dev.bananagateway.provider.WireResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * imgeditor's payloads from seed 004 (fixtures in src/test/resources/providers/imgeditor/) through the adapter's
 * mapping and parsing.
 */
class ImgeditorWireTest extends ProviderWireContract {

    private final ImgeditorProvider provider = new ImgeditorProvider(Optional.empty(), true, 60);

    @Override
    protected Provider provider() {
        return provider;
    }

    /** imgeditor has no callbacks: the callback URL is never sent. */
    @Override
    protected JsonNode createBody(GenerationRequest request, String callbackUrl) {
        return request.kind() == MediaKind.VIDEO ? ImgeditorWire.videoBody(request, offer(request))
                : ImgeditorWire.imageBody(request, offer(request));
    }

    @Override
    protected String createdTaskId(WireResponse answer) throws ProviderException {
        return ImgeditorWire.taskId(ImgeditorWire.requireData(ProviderCall.CREATE, answer));
    }

    @Override
    protected ProviderStatus polledStatus(WireResponse answer, String taskId) throws ProviderException {
        return ImgeditorWire.parseStatus(ImgeditorWire.requireData(ProviderCall.POLL, answer), taskId);
    }

    // ---- the documents' payloads ----

    /** The image and the video body follow the seed's examples. */
    @Override
    protected List<DocumentedRequest> documentedRequests() {
        // the seed's example also sends resolution 1K to nano-banana, which has no resolution: omitted here
        GenerationRequest image = TestRequests.image(ModelFamilies.NANO_BANANA).prompt("A sunset over mountains")
                .aspect("16:9").quality("standard").format("png").build();
        GenerationRequest video = TestRequests.video("veo-3.1-fast", 8, "720p", true)
                .prompt("A cat walking in a garden").aspect("16:9").refs("https://x/still.png")
                .videoOptions(new VideoOptions(8, "720p", true, "blurry")).build();
        return List.of(new DocumentedRequest("create-request-image.json", image, null),
                new DocumentedRequest("create-request-video.json", video, null));
    }

    @Override
    protected List<CreateAnswer> createAnswers() {
        return List.of(new CreateAnswer("create-answer-image.json", "clx..."),
                new CreateAnswer("create-answer-video.json", "clx..."));
    }

    /** The seed's create answers (image pending, video processing) and its status answers, which succeed. */
    @Override
    protected List<StatusAnswer> statusAnswers() {
        return List.of(StatusAnswer.unfinished("create-answer-image.json", ProviderTaskState.QUEUED, "clx..."),
                StatusAnswer.unfinished("create-answer-video.json", ProviderTaskState.RUNNING, "clx..."),
                StatusAnswer.succeeded("status-image-completed.json", "clx...", Output.of("https://...")),
                StatusAnswer.succeeded("status-video-succeeded.json", "clx...", Output.of("https://...")));
    }

    // ---- mapping and parsing beyond the documents' examples ----

    @Test
    void imageModeSendsTheOneReferenceAndProTakesResolution() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs("https://x/ref.png")
                .resolution("4K").aspect("21:9").format("jpeg").build();
        JsonNode body = ImgeditorWire.imageBody(request, offer(request));
        assertEquals("image", body.path("mode").asText());
        assertEquals("https://x/ref.png", body.path("image_url").asText());
        assertEquals("nano-banana-pro", body.path("model").asText());
        assertEquals("4K", body.path("resolution").asText());
        assertEquals(1, body.path("num_images").asInt());
        assertEquals("jpeg", body.path("output_format").asText());
    }

    @Test
    void seedream4KeepsImgeditorsOwnModelName() {
        // the public id became seedream-4; imgeditor's model is still seedream4
        GenerationRequest request = TestRequests.image(ModelFamilies.SEEDREAM_4).build();
        assertEquals("seedream4", ImgeditorWire.imageBody(request, offer(request)).path("model").asText());
    }

    @Test
    void soraNeverGetsTheAudioFlag() {
        GenerationRequest request = TestRequests.video("sora-2", 4, "720p", true).build();
        assertFalse(ImgeditorWire.videoBody(request, offer(request)).has("generate_audio"));
        assertEquals("video.generate_audio", provider.check(TestRequests.video("sora-2", 4, "720p", false).build())
                .orElseThrow().field());
    }

    @Test
    void subscriptionModelsAreOfferedOnlyWithASubscription() {
        ImgeditorProvider unsubscribed = new ImgeditorProvider(Optional.empty(), false, 60);
        assertEquals("model", unsubscribed.check(TestRequests.image(ModelFamilies.NANO_BANANA_2).build())
                .orElseThrow().field());
        assertTrue(provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_2).build()).isEmpty());
    }

    @Test
    void creditsFollowTheTableAtTheAssumedCreditRate() {
        // seed 004's credits; no document gives a credit's USD price: the configuration default, $0.01
        assertEquals(new Price(0.01, 1.0, Price.Basis.ASSUMED),
                provider.price(TestRequests.image(ModelFamilies.NANO_BANANA).build()));
        assertEquals(new Price(0.40, 40.0, Price.Basis.ASSUMED), provider.price(
                TestRequests.image(ModelFamilies.NANO_BANANA_PRO).resolution("4K").outputs(2).build()));
        // nano-banana-2 edit 8 + 2K 4 + hd 2 = 14 credits
        assertEquals(new Price(0.14, 14.0, Price.Basis.ASSUMED), provider.price(
                TestRequests.image(ModelFamilies.NANO_BANANA_2).resolution("2K").quality("hd").refs("https://x/a.png")
                        .build()));
        assertEquals(new Price(0.30, 30.0, Price.Basis.ASSUMED),
                provider.price(TestRequests.video("veo-3.1-fast", 8, "720p", true).build()));
        assertEquals(new Price(0.35, 35.0, Price.Basis.ASSUMED),
                provider.price(TestRequests.video("veo-3.1-fast", 8, "1080p", true).build()));
    }

    /**
     * Seed 004 prices only veo-3.1-fast: the other video models are priced per second, at veo-3.1-fast's
     * 8-second rate (the configuration default) unless configured.
     */
    @Test
    void videoModelsWithoutAPublishedTableArePricedPerSecondAsConfigured() {
        GenerationRequest sora = TestRequests.video("sora-2", 12, "720p", true).build();
        // 30 credits / 8 s with audio at 720p, times 12 s
        assertEquals(new Price(0.45, 45.0, Price.Basis.ASSUMED), provider.price(sora));
        ImgeditorProvider configured = new ImgeditorProvider(TestConfigs.gateway(Map.of(
                "gateway.providers.imgeditor.video-credits-per-second.sora-2", "2",
                "gateway.providers.imgeditor.usd-per-credit", "0.02")));
        assertEquals(new Price(0.48, 24.0, Price.Basis.CONFIGURED), configured.price(sora));
        assertEquals(Cost.configured(0.48, 24.0), configured.price(sora).estimate());
        assertEquals(new Price(0.6, 30.0, Price.Basis.CONFIGURED),
                configured.price(TestRequests.video("veo-3.1-fast", 8, "720p", true).build()),
                "veo-3.1-fast's credits are the seed's; the configured credit rate converts them");
    }

    /** The create answer's {@code credits_used} is the charge, in USD at the credit rate. */
    @Test
    void theCreateAnswerReportsTheChargeInCredits() throws ProviderException {
        JsonNode image = ImgeditorWire.requireData(ProviderCall.CREATE,
                new WireResponse(200, fixture("create-answer-image.json"), null));
        assertEquals(Cost.providerReported(0.02, 2), ImgeditorWire.charge(image, provider.creditRate()));
        JsonNode video = ImgeditorWire.requireData(ProviderCall.CREATE,
                new WireResponse(200, fixture("create-answer-video.json"), null));
        assertEquals(Cost.providerReported(0.15, 15), ImgeditorWire.charge(video, provider.creditRate()));
    }

    /**
     * Seed 004's image status answer holds one {@code image_url}, and the provider charges per image:
     * a task asks for one image, so what is billed is what the answer can carry.
     */
    @Test
    void theDocumentedImageAnswerHoldsOneImageSoOneIsAskedFor() throws Exception {
        ProviderStatus done = polledStatus(new WireResponse(200, fixture("status-image-completed.json"), null), "clx...");
        assertEquals(List.of(Output.of("https://...")), done.outputs());
        for (int n = 2; n <= 4; n++) {
            Unsupported more = provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).outputs(n).build())
                    .orElseThrow();
            assertEquals("num_outputs", more.field());
            assertTrue(more.reason().contains("image_url"), more.reason());
        }
        assertTrue(provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).outputs(1).build()).isEmpty());
    }

    /** Seed 004's image status has one {@code image_url}; list fields it does not document are not read. */
    @Test
    void onlyTheDocumentedImageUrlIsRead() {
        ProviderStatus status = ImgeditorWire.parseStatus(json("""
                {"task_id":"t","status":"completed","image_url":"https://a/0.png",
                 "image_urls":["https://a/0.png","https://a/1.png","https://a/2.png"],
                 "images":[{"url":"https://a/3.png"}]}"""), null);
        assertEquals(List.of(Output.of("https://a/0.png")), status.outputs());
        ProviderStatus listsOnly = ImgeditorWire.parseStatus(json("""
                {"task_id":"t","status":"completed","image_urls":["https://a/0.png"]}"""), null);
        assertEquals(List.of(), listsOnly.outputs());
    }

    @Test
    void failedTaskReadsDataError() {
        ProviderStatus failed = ImgeditorWire.parseStatus(json(
                "{\"task_id\":\"t\",\"status\":\"failed\",\"error\":{\"code\":\"CONTENT_FILTERED\",\"message\":\"no\"}}"), null);
        assertEquals(ErrorClass.CONTENT_REJECTED, failed.error().errorClass());
        ProviderStatus plain = ImgeditorWire.parseStatus(json("{\"task_id\":\"t\",\"status\":\"failed\",\"error\":\"boom\"}"), null);
        assertEquals("boom", plain.error().message());
    }

    @Test
    void errorEnvelopesClassify() {
        assertEquals(ErrorClass.RATE_LIMITED, envelope(429, "RATE_LIMIT_EXCEEDED").errorClass());
        assertEquals(ErrorClass.CONTENT_REJECTED, envelope(451, "CONTENT_FILTERED").errorClass());
        assertEquals(ErrorClass.INVALID_REQUEST, envelope(400, "INVALID_MODEL").errorClass());
        assertEquals(ErrorClass.FORBIDDEN, envelope(403, "FORBIDDEN").errorClass());
        assertEquals(ErrorClass.NOT_FOUND, envelope(404, "TASK_NOT_FOUND").errorClass());
        ProviderException onHttp200 = envelope(200, "INSUFFICIENT_CREDITS");
        assertEquals(ErrorClass.INSUFFICIENT_CREDITS, onHttp200.errorClass());
        assertEquals("INSUFFICIENT_CREDITS", onHttp200.providerCode());
    }

    @Test
    void capabilityLimitsOfTheSeedTables() {
        assertEquals("reference_images", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .refs("https://a/1.png", "https://a/2.png").build()).orElseThrow().field());
        assertEquals("aspect_ratio", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA).aspect("21:9")
                .build()).orElseThrow().field());
        assertEquals("aspect_ratio", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .aspect("auto").build()).orElseThrow().field());
        assertEquals("resolution", provider.check(TestRequests.image(ModelFamilies.SEEDREAM_4).resolution("2K").build())
                .orElseThrow().field());
        assertEquals("num_outputs", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).outputs(5).build())
                .orElseThrow().field());
        assertEquals("quality", provider.check(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).quality("ultra")
                .build()).orElseThrow().field());
        assertEquals("video.duration_seconds", provider.check(TestRequests.video("veo-3.1", 5, "720p", null).build())
                .orElseThrow().field());
        assertEquals("video.resolution", provider.check(TestRequests.video("seedance-2.0", 5, "1080p", null).build())
                .orElseThrow().field());
        assertEquals("video.generate_audio", provider.check(TestRequests.video("wan-2.5", 5, "720p", true).build())
                .orElseThrow().field());
        assertEquals("video.generate_audio", provider.check(TestRequests.video("grok-video", 6, "720p", true).build())
                .orElseThrow().field());
    }

    private static ProviderException envelope(int status, String code) {
        return assertThrows(ProviderException.class, () -> ImgeditorWire.requireData(ProviderCall.POLL, new WireResponse(
                status, "{\"success\":false,\"error\":{\"code\":\"" + code + "\",\"message\":\"Human-readable message\"}}",
                null)));
    }

    private ModelOffer offer(GenerationRequest request) {
        return CapabilityCheck.select(request, provider.offers()).orElseThrow();
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }
}
