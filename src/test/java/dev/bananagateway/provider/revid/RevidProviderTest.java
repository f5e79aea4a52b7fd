package dev.bananagateway.provider.revid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.provider.CallbackProviderTest;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderError;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RevidProviderTest extends CallbackProviderTest {

    @Inject
    RevidProvider provider;

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected Provider providerAt(ProviderEndpoint endpoint) {
        return new RevidProvider(Optional.of(endpoint));
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NANO_BANANA_PRO).prompt(prompt).aspect("16:9").resolution("2K")
                .format("jpeg").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NANO_BANANA).resolution("4K").build();
    }

    @Test
    void editModelPassesTheSimulatorsValidationAndProgressesByPolls() throws Exception {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA).prompt(prompt("[sim:slow-polls=3]"))
                .refs("https://img.example.com/a.png").aspect("auto").format("jpeg").build();
        String taskId = provider.submit(request, null).taskId();
        assertEquals(ProviderTaskState.QUEUED, provider.poll(taskId, request).state());
        assertEquals(ProviderTaskState.RUNNING, provider.poll(taskId, request).state());
        ProviderStatus done = provider.poll(taskId, request);
        assertEquals(ProviderTaskState.SUCCEEDED, done.state());
        assertEquals("image/jpeg", done.outputs().get(0).contentType());
        assertEquals("google/nano-banana-edit", onlyTask(request.prompt()).path("model").asText());
    }

    /**
     * Seed 000: the callback "is identical to the Query Task API response", and a failed task's callback
     * carries code 501; so does the query answer, and the adapter reads it as the failed task it describes.
     */
    @Test
    void failedTaskIsQueriedUnderCode501AndReadAsFailed() throws Exception {
        GenerationRequest request = request(prompt("[sim:fail]"));
        String taskId = provider.submit(request, null).taskId();
        ProviderStatus status = pollUntilTerminal(taskId, request);
        assertEquals(ProviderTaskState.FAILED, status.state());
        assertEquals(new ProviderError(ErrorClass.GENERATION_FAILED, "500", "Internal server error"), status.error());
        HttpResponse<String> raw = rawStatus("POST", taskId);
        JsonNode answer = Json.parse(raw.body()).orElseThrow();
        assertEquals(200, raw.statusCode());
        assertEquals(501, answer.path("code").asInt());
        assertEquals("fail", answer.path("data").path("state").asText());
    }

    /** Each model takes its own input fields (docs/providers.md 3.2); the simulator refuses the others. */
    @Test
    void inputFieldsArePerModel() throws Exception {
        assertEquals(422, rawCreate("nano-banana-pro", "\"image_size\":\"1:1\""));
        assertEquals(422, rawCreate("nano-banana-pro", "\"image_urls\":[\"https://img.example.com/a.png\"]"));
        assertEquals(422, rawCreate("google/nano-banana", "\"aspect_ratio\":\"1:1\""));
        assertEquals(422, rawCreate("google/nano-banana", "\"resolution\":\"1K\""));
        assertEquals(422, rawCreate("google/nano-banana-edit",
                "\"image_input\":[\"https://img.example.com/a.png\"],\"image_urls\":[\"https://img.example.com/a.png\"]"));
        assertEquals(422, rawCreate("nano-banana-pro", "\"seed\":42"));
        assertEquals(200, rawCreate("nano-banana-pro", "\"image_input\":[],\"aspect_ratio\":\"1:1\","
                + "\"resolution\":\"1K\",\"output_format\":\"png\""));
        assertEquals(200, rawCreate("google/nano-banana", "\"image_size\":\"1:1\",\"output_format\":\"png\""));
    }

    /** What the adapter sends for each model passes the simulator's per-model schema. */
    @Test
    void theAdapterSendsEachModelItsOwnFields() throws Exception {
        GenerationRequest flash = TestRequests.image(ModelFamilies.NANO_BANANA).prompt(prompt("")).aspect("3:2")
                .format("jpeg").build();
        GenerationRequest pro = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).prompt(prompt(""))
                .refs("https://img.example.com/a.png").aspect("auto").resolution("4K").format("png").build();
        for (GenerationRequest request : List.of(flash, pro)) {
            assertEquals(ProviderTaskState.SUCCEEDED, pollUntilTerminal(provider.submit(request, null).taskId(), request).state());
        }
    }

    /** docs/providers.md 3.5: the docs say POST, the kie original is GET; a 405 to the POST is retried as GET. */
    @Test
    void statusFallsBackToGetWhereThePostIsNotAllowed() throws Exception {
        GenerationRequest request = request(prompt(""));
        String taskId = provider.submit(request, null).taskId();
        sim.settings("{\"provider\":\"revid\",\"statusMethod\":\"GET\"}");
        assertEquals(405, rawStatusCall("POST", taskId), "the simulated provider refuses the POST");

        assertEquals(ProviderTaskState.SUCCEEDED, pollUntilTerminal(taskId, request).state());

        sim.settings("{\"provider\":\"revid\",\"statusMethod\":\"POST\"}");
        assertEquals(405, rawStatusCall("GET", taskId));
        assertEquals(ProviderTaskState.SUCCEEDED, provider.poll(taskId, request).state(), "the documented POST first");
    }

    private int rawStatusCall(String method, String taskId) throws Exception {
        return rawStatus(method, taskId).statusCode();
    }

    private HttpResponse<String> rawStatus(String method, String taskId) throws Exception {
        URI uri = URI.create(simulatorUrl + "/revid/paid/get/taskid?taskId=" + taskId);
        HttpRequest call = HttpRequest.newBuilder(uri).header("x-api-key", ProviderEndpoint.simulatorKey(provider.id()))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(call, HttpResponse.BodyHandlers.ofString());
    }

    /** A create with the prompt and these further input fields, straight to the simulator; its HTTP status. */
    private int rawCreate(String model, String inputFields) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"input\":{\"prompt\":\"" + prompt("") + "\"," + inputFields + "}}";
        HttpRequest call = HttpRequest.newBuilder(URI.create(simulatorUrl + "/revid/paid/nano/banana/create"))
                .header("x-api-key", ProviderEndpoint.simulatorKey(provider.id()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(call, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
