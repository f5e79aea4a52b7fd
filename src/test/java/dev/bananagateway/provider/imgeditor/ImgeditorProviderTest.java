package dev.bananagateway.provider.imgeditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.SimulatedProviderTest;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ImgeditorProviderTest extends SimulatedProviderTest {

    @Inject
    ImgeditorProvider provider;

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected Provider providerAt(ProviderEndpoint endpoint) {
        return new ImgeditorProvider(Optional.of(endpoint), true, 1000);
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NANO_BANANA_PRO).prompt(prompt).refs("https://img.example.com/a.png")
                .aspect("21:9").resolution("4K").quality("hd").format("jpeg").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NANO_BANANA).aspect("auto").build();
    }

    /** One image_url per answer, billed per image (seed 004): several images are never asked for. */
    @Test
    void aMultiImageRequestIsRefusedBeforeAnyCall() {
        GenerationRequest request = TestRequests.image(ModelFamilies.SEEDREAM_4).prompt(prompt("")).outputs(3).build();
        ProviderException e = assertThrows(ProviderException.class, () -> provider.submit(request, null));
        assertEquals(ErrorClass.INVALID_REQUEST, e.errorClass());
        assertTrue(e.getMessage().contains("num_outputs"), e.getMessage());
        assertTrue(sim.tasksWithPrompt("imgeditor", request.prompt()).isEmpty(), "nothing reached the provider");
    }

    @Test
    void theImageOfAnImageTaskIsReturned() throws Exception {
        GenerationRequest request = TestRequests.image(ModelFamilies.SEEDREAM_4).prompt(prompt("")).build();
        ProviderStatus done = pollUntilTerminal(provider.submit(request, null).taskId(), request);
        JsonNode simulated = onlyTask(request.prompt());
        assertEquals(Json.strings(simulated.path("resultUrls")), done.outputs().stream().map(Output::url).toList());
        assertEquals(1, done.outputs().size());
    }

    /** Seed 004's image status has a single image_url, even for num_images above 1, and no list field. */
    @Test
    void imageStatusAnswersTheOneDocumentedImageUrl() throws Exception {
        String prompt = prompt("[sim:slow-ms=0]");
        JsonNode created = raw("POST", "/api/v1/images/generate",
                "{\"prompt\":\"" + prompt + "\",\"model\":\"seedream4\",\"num_images\":3}");
        String taskId = created.path("data").path("task_id").asText();
        JsonNode data = raw("GET", "/api/v1/images/status?task_id=" + taskId, null).path("data");
        assertEquals("completed", data.path("status").asText());
        assertTrue(data.path("image_url").isTextual(), data::toString);
        assertFalse(data.has("image_urls"), data::toString);
        assertFalse(data.has("images"), data::toString);
        assertEquals(List.of(data.path("image_url").asText()), Json.strings(onlyTask(prompt).path("resultUrls")));
        ProviderStatus read = provider.poll(taskId, TestRequests.image(ModelFamilies.SEEDREAM_4).build());
        assertEquals(List.of(Output.of(data.path("image_url").asText())), read.outputs());
    }

    @Test
    void videoGoesThroughTheVideoEndpoints() throws Exception {
        GenerationRequest request = TestRequests.video("seedance-2.0", 10, "480p", true).prompt(prompt(""))
                .aspect("4:3").build();
        ProviderStatus done = pollUntilTerminal(provider.submit(request, null).taskId(), request);
        assertEquals(ProviderTaskState.SUCCEEDED, done.state());
        assertEquals("video/mp4", done.outputs().get(0).contentType());
        assertEquals("seedance-2.0", onlyTask(request.prompt()).path("model").asText());
        ProviderException asImage = assertThrows(ProviderException.class, () -> provider.poll(done.providerTaskId(),
                TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build()));
        assertEquals(ErrorClass.NOT_FOUND, asImage.errorClass(), "a video task is not on the image status endpoint");
    }

    @Test
    void subscriptionModelWithoutSubscriptionIsForbidden() {
        sim.settings("{\"provider\":\"imgeditor\",\"subscription\":false}");
        ProviderException e = assertThrows(ProviderException.class,
                () -> provider.submit(TestRequests.image(ModelFamilies.NANO_BANANA_2).prompt(prompt(""))
                        .build(), null));
        assertEquals(ErrorClass.FORBIDDEN, e.errorClass());
        assertEquals("FORBIDDEN", e.providerCode());
    }

    @Test
    void providerRateLimitIsRateLimited() throws Exception {
        sim.settings("{\"provider\":\"imgeditor\",\"requestsPerMinute\":1}");
        GenerationRequest request = request(prompt(""));
        String taskId = provider.submit(request, null).taskId();
        ProviderException e = assertThrows(ProviderException.class, () -> provider.poll(taskId, request));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals("RATE_LIMIT_EXCEEDED", e.providerCode());
        assertNotNull(e.retryAfter());
    }

    /** A call straight to the simulated imgeditor, with the simulator's key; the answer's JSON. */
    private JsonNode raw(String method, String path, String json) throws Exception {
        HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(simulatorUrl + "/imgeditor" + path))
                .header("Authorization", "Bearer " + ProviderEndpoint.simulatorKey(provider.id(), ImgeditorProvider.KEY_PREFIX))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(call.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);
        return Json.parse(answer.body()).orElseThrow();
    }
}
