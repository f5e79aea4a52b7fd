package dev.bananagateway.provider.nbpcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.SimulatedProviderTest;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderEndpoint;
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
