package dev.bananagateway.provider.pixazo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pixazo's payloads from seed 003 (fixtures in src/test/resources/providers/pixazo/) through the adapter's
 * mapping and parsing.
 */
class PixazoWireTest extends ProviderWireContract {

    private static final String ID = "a1b2c3d4-e5f6-7890-g1h2-i3j4k5l6m7n8";
    private final PixazoProvider provider = new PixazoProvider(Optional.empty());

    @Override
    protected Provider provider() {
        return provider;
    }

    /** Pixazo has no callbacks: the callback URL is never sent. */
    @Override
    protected JsonNode createBody(GenerationRequest request, String callbackUrl) {
        return PixazoWire.createBody(request);
    }

    @Override
    protected String createdTaskId(WireResponse answer) throws ProviderException {
        return PixazoWire.requestId(ProviderErrors.requireSuccess(PixazoProvider.ID, ProviderCall.CREATE, answer));
    }

    @Override
    protected ProviderStatus polledStatus(WireResponse answer, String taskId) throws ProviderException {
        return PixazoWire.parseStatus(ProviderErrors.requireSuccess(PixazoProvider.ID, ProviderCall.POLL, answer),
                taskId);
    }

    // ---- the documents' payloads ----

    @Override
    protected List<DocumentedRequest> documentedRequests() {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA_PRO)
                .prompt("make a photo of the man driving the car down the california coastline")
                .refs("https://storage.googleapis.com/falserverless/example_inputs/nano-banana-edit-input.png",
                        "https://storage.googleapis.com/falserverless/example_inputs/nano-banana-edit-input-2.png")
                .build();
        return List.of(new DocumentedRequest("create-request.json", request, null));
    }

    @Override
    protected List<CreateAnswer> createAnswers() {
        return List.of(new CreateAnswer("create-answer.json", ID));
    }

    /**
     * The create answer is queued; in progress gives the ETA; completed gives the images with size and type;
     * failed gives the error.
     */
    @Override
    protected List<StatusAnswer> statusAnswers() {
        return List.of(StatusAnswer.unfinished("create-answer.json", ProviderTaskState.QUEUED, ID),
                StatusAnswer.unfinished("status-in-progress.json", ProviderTaskState.RUNNING, ID)
                        .and(status -> assertEquals(8, status.etaSeconds())),
                StatusAnswer.succeeded("status-completed.json", ID,
                        new Output("https://storage.googleapis.com/output/image_1.png", "image/png", 1024, 1024, null)),
                StatusAnswer.failed("status-failed.json", ID,
                        new ProviderError(ErrorClass.GENERATION_FAILED, "FAILED", "Invalid image URL")));
    }

    /** Error bodies in both shapes: the seed's {@code {error}} and API Management's {@code {statusCode, message}}. */
    @Override
    protected List<ErrorAnswer> errorAnswers() {
        return List.of(
                ErrorAnswer.of("error-401.json", 401, ErrorClass.AUTH_FAILED, "Invalid or missing authentication"),
                ErrorAnswer.of("error-429-apim.json", 429, ErrorClass.RATE_LIMITED, "Rate limit is exceeded")
                        .withRetryAfter("7", Duration.ofSeconds(7)),
                ErrorAnswer.of("error-403.json", 403, ErrorClass.FORBIDDEN, "Access denied for this operation"),
                ErrorAnswer.of("error-404.json", 404, ErrorClass.NOT_FOUND, "Endpoint not found"),
                ErrorAnswer.of("error-400.json", 400, ErrorClass.INVALID_REQUEST, "Invalid request parameters"),
                ErrorAnswer.of("error-500.json", 500, ErrorClass.PROVIDER_ERROR,
                        "An unexpected error occurred, please try again later").mayHaveBeenAccepted());
    }

    @Test
    void resultRequestIsTheSeedExample() {
        assertEquals(fixtureJson("result-request.json"), PixazoWire.resultBody(ID));
    }

    // ---- rules beyond the documents' examples ----

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
    void errorStatusIsAFailureToo() {
        assertEquals(ProviderTaskState.FAILED, PixazoWire.parseStatus(json("{\"status\":\"ERROR\"}"), ID).state());
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }
}
