package dev.bananagateway.provider.crun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.provider.CallbackProviderTest;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CrunProviderTest extends CallbackProviderTest {

    @Inject
    CrunProvider provider;

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected Provider providerAt(ProviderEndpoint endpoint) {
        return new CrunProvider(Optional.of(endpoint));
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NANO_BANANA).prompt(prompt).refs("https://img.example.com/a.png")
                .aspect("4:3").format("jpeg").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build();
    }

    /** A task waits as pending before it runs (docs/providers.md 5.5), and the adapter reads that as queued. */
    @Test
    void aTaskIsPendingBeforeItRuns() throws Exception {
        GenerationRequest request = request(prompt("[sim:slow-polls=3]"));
        String taskId = provider.submit(request, null).taskId();
        assertEquals(ProviderTaskState.QUEUED, provider.poll(taskId, request).state());
        assertEquals(ProviderTaskState.RUNNING, provider.poll(taskId, request).state());
        assertEquals(ProviderTaskState.SUCCEEDED, provider.poll(taskId, request).state());
    }

    @Test
    void costOptimizedChannelStoresNoOutputFormat() throws Exception {
        GenerationRequest request = TestRequests.image(ModelFamilies.NANO_BANANA)
                .tier(ModelFamilies.TIER_COST_OPTIMIZED).prompt(prompt("")).format("png").degrade().build();
        String taskId = provider.submit(request, null).taskId();
        assertEquals(ProviderTaskState.SUCCEEDED, pollUntilTerminal(taskId, request).state());
        assertEquals("google/nano-banana-v2", onlyTask(request.prompt()).path("model").asText());
    }

    /**
     * Crun's own example reports 4 credits for google/nano-banana; no document gives the v2 channel's
     * figure, so none is reported for it and the task keeps its configured estimate.
     */
    @Test
    void onlyTheDocumentedCreditFigureIsReported() throws Exception {
        GenerationRequest standard = TestRequests.image(ModelFamilies.NANO_BANANA).prompt(prompt("")).build();
        ProviderStatus charged = pollUntilTerminal(provider.submit(standard, null).taskId(), standard);
        assertEquals(4.0, charged.cost().credits());
        GenerationRequest v2 = TestRequests.image(ModelFamilies.NANO_BANANA).tier(ModelFamilies.TIER_COST_OPTIMIZED)
                .prompt(prompt("")).build();
        ProviderStatus done = pollUntilTerminal(provider.submit(v2, null).taskId(), v2);
        assertEquals(ProviderTaskState.SUCCEEDED, done.state());
        assertNull(done.cost(), "no credit figure for the v2 channel");
    }

    @Test
    void readTimeoutAfterSendingMayHaveCreatedTheTask() throws Exception {
        // the test profile's read timeout is 2 s; the simulator answers after 2.5 s, having created the task
        String prompt = prompt("[sim:latency=2500]");
        ProviderException e = assertThrows(ProviderException.class, () -> provider.submit(request(prompt), null));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertEquals(0, e.httpStatus());
        assertTrue(e.possiblyAccepted());
        JsonNode created = awaitSimulated(prompt, t -> true, "creation");
        assertEquals(1, created.path("createCount").asInt());
        assertFalse(created.path("taskId").asText().isBlank());
    }
}
