package dev.bananagateway.provider.nbpcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.provider.ErrorClass;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class NbpcloudProviderTest extends SimulatedProviderTest {

    @Inject
    NbpcloudProvider provider;

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected Provider providerAt(ProviderEndpoint endpoint) {
        return new NbpcloudProvider(Optional.of(endpoint));
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NANO_BANANA_FAST).prompt(prompt).refs("https://img.example.com/a.png")
                .aspect("9:16").resolution("2K").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NANO_BANANA_PRO).outputs(2).build();
    }

    /** Seed 001's create 500, a service misconfiguration in nbpcloud's JSON error shape: nothing was created. */
    @Test
    void misconfiguredServiceIsACertainRefusal() {
        String prompt = prompt("[sim:create=misconfigured]");
        ProviderException e = createFails(prompt);
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertEquals(500, e.httpStatus());
        assertFalse(e.possiblyAccepted());
        assertTrue(e.getMessage().contains("Nano Banana API key missing"), e.getMessage());
        assertTrue(sim.tasksWithPrompt(key(), prompt).isEmpty());
    }

    @Test
    void onlyPollsMoveTheTaskAndProgressRises() throws Exception {
        sim.settings("{\"provider\":\"nbpcloud\",\"queuedMillis\":10,\"runningMillis\":10,\"pollsToFinish\":3}");
        GenerationRequest request = request(prompt(""));
        String taskId = provider.submit(request, null).taskId();
        Thread.sleep(100); // far past the time settings: a time-driven task would be done by now
        ProviderStatus first = provider.poll(taskId, request);
        assertEquals(ProviderTaskState.RUNNING, first.state());
        ProviderStatus second = provider.poll(taskId, request);
        assertEquals(ProviderTaskState.RUNNING, second.state());
        assertTrue(second.progress() > first.progress());
        assertEquals(ProviderTaskState.SUCCEEDED, provider.poll(taskId, request).state());
    }
}
