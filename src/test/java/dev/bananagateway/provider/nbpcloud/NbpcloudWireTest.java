package dev.bananagateway.provider.nbpcloud;

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
 * nanobananapro.cloud's payloads from seed 001 (fixtures in src/test/resources/providers/nbpcloud/) through the
 * adapter's mapping and parsing.
 */
class NbpcloudWireTest extends ProviderWireContract {

    private final NbpcloudProvider provider = new NbpcloudProvider(Optional.empty());

    @Override
    protected Provider provider() {
        return provider;
    }

    /** nbpcloud has no callbacks: the callback URL is never sent. */
    @Override
    protected JsonNode createBody(GenerationRequest request, String callbackUrl) {
        return NbpcloudWire.createBody(request, CapabilityCheck.select(request, provider.offers()).orElseThrow());
    }

    @Override
    protected String createdTaskId(WireResponse answer) throws ProviderException {
        return NbpcloudWire.createAnswer(answer, provider.creditRate()).taskId();
    }

    @Override
    protected ProviderStatus polledStatus(WireResponse answer, String taskId) throws ProviderException {
        return NbpcloudWire.parseStatus(ProviderErrors.requireSuccess(NbpcloudProvider.ID, ProviderCall.POLL, answer),
                taskId, provider.creditRate());
    }

    // ---- the documents' payloads ----

    /** The image-to-image body carries the seed's fields. */
    @Override
    protected List<DocumentedRequest> documentedRequests() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .prompt("A banana cat in a spacesuit on the moon").aspect("auto").resolution("1K")
                .refs("https://example.com/ref.png").build();
        return List.of(new DocumentedRequest("create-request-image-to-image.json", request, null));
    }

    @Override
    protected List<CreateAnswer> createAnswers() {
        return List.of(new CreateAnswer("create-answer.json", "task-id-xxx"));
    }

    /**
     * The seed's create answer is already running, at progress 0; its result answer succeeds. Seed 001 shows no
     * failed answer: status-failed.json is the documented answer's shape with a failure reason. A failed task
     * has been refunded ("when status: failed, credits have already been refunded", seed 001).
     */
    @Override
    protected List<StatusAnswer> statusAnswers() {
        return List.of(
                StatusAnswer.unfinished("create-answer.json", ProviderTaskState.RUNNING, "task-id-xxx")
                        .and(status -> assertEquals(0, status.progress())),
                StatusAnswer.succeeded("status-succeeded.json", "task-id-xxx",
                        Output.of("https://example.com/generated.png")),
                StatusAnswer.failed("status-failed.json", "t",
                        new ProviderError(ErrorClass.GENERATION_FAILED, null, "NSFW content"))
                        .and(status -> assertEquals(Cost.refunded(), status.cost())));
    }

    /**
     * The error body's shape is not documented (docs/providers.md 4.7): the message is found in either field.
     * Seed 001's create 500 is a "service misconfiguration": in nbpcloud's JSON error shape
     * (error-500-misconfigured.json) it created nothing and another provider may be tried; a 500 without it
     * (error-500.html, a crashed server's page) may have come after the task was made.
     */
    @Override
    protected List<ErrorAnswer> errorAnswers() {
        return List.of(ErrorAnswer.of("error-401.json", 401, ErrorClass.AUTH_FAILED, "Unauthorized"),
                ErrorAnswer.of("error-402.json", 402, ErrorClass.INSUFFICIENT_CREDITS, "Insufficient credits"),
                ErrorAnswer.of("error-400.json", 400, ErrorClass.INVALID_REQUEST, "image-to-image requires an image"),
                ErrorAnswer.of("error-500-misconfigured.json", 500, ErrorClass.PROVIDER_UNAVAILABLE,
                        "Nano Banana API key missing"),
                ErrorAnswer.of("error-500.html", 500, ErrorClass.PROVIDER_ERROR, null).mayHaveBeenAccepted());
    }

    @Test
    void createServerErrorWithoutAnExplanationMayHaveCreatedTheTask() {
        for (String body : List.of("", "Internal Server Error", "{}", "{\"data\":{\"id\":\"t1\",\"error\":\"late\"}}")) {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> createdTaskId(new WireResponse(500, body, null)), body);
            assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass(), body);
            assertTrue(e.possiblyAccepted(), body);
        }
    }

    @Test
    void resultServerErrorStaysATransientPollFailure() {
        ProviderException e = assertThrows(ProviderException.class, () -> polledStatus(new WireResponse(500,
                "{\"error\":\"Downstream query failure\"}", null), "t"));
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertTrue(e.errorClass().retriablePoll());
    }

    /** The create answer's {@code credits_cost} is the charge, in USD at the credit rate (assumed: $0.005). */
    @Test
    void theCreateAnswerReportsTheChargeInCredits() {
        assertEquals(Cost.providerReported(0.10, 20), NbpcloudWire.charge(fixtureJson("create-answer.json"),
                provider.creditRate()));
        assertEquals(null, NbpcloudWire.charge(fixtureJson("status-succeeded.json"), provider.creditRate()),
                "the seed's result answer carries no credits_cost");
    }

    @Test
    void resultRequestUsesTaskId() {
        assertEquals(fixtureJson("result-request.json"), NbpcloudWire.resultBody("task-id-xxx"));
    }

    // ---- mapping beyond the documents' examples ----

    @Test
    void familiesMapToTheThreeModelsAndTextModeSendsNoImages() {
        GenerationRequest fast = TestRequests.image(ModelFamilies.NANO_BANANA_FAST).build();
        JsonNode body = NbpcloudWire.createBody(fast, CapabilityCheck.select(fast, provider.offers()).orElseThrow());
        assertEquals("nano-banana-fast", body.path("model").asText());
        assertEquals("text-to-image", body.path("mode").asText());
        assertFalse(body.has("imageUrl"));
        assertFalse(body.has("imageSize"), "provider default unless asked");
        // seed 001's credits; no document gives a credit's USD price: the configuration default, $0.005
        assertEquals(new Price(0.025, 5.0, Price.Basis.ASSUMED), provider.price(fast));
        assertEquals(new Price(0.10, 20.0, Price.Basis.ASSUMED),
                provider.price(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build()));
        assertEquals(Cost.configured(0.10, 20.0),
                provider.price(TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build()).estimate());
    }

    @Test
    void outputFormatCannotBeChosenUnlessDegraded() {
        GenerationRequest png = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).format("png").build();
        assertEquals("output_format", provider.check(png).orElseThrow().field());
        GenerationRequest degraded = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).format("png").degrade().build();
        assertTrue(provider.check(degraded).isEmpty());
        assertFalse(NbpcloudWire.createBody(degraded, provider.offers().get(2)).has("output_format"));
    }
}
