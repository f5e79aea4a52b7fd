package dev.bananagateway.provider.revid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.provider.CallbackProviderTest;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        URI uri = URI.create(simulatorUrl + "/revid/paid/get/taskid?taskId=" + taskId);
        HttpRequest call = HttpRequest.newBuilder(uri).header("x-api-key", ProviderEndpoint.simulatorKey(provider.id()))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(call, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
