package dev.bananagateway.provider.pixazo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class PixazoProviderTest extends SimulatedProviderTest {

    @Inject
    PixazoProvider provider;

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected Provider providerAt(ProviderEndpoint endpoint) {
        return new PixazoProvider(Optional.of(endpoint));
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NANO_BANANA_PRO).prompt(prompt)
                .refs("https://img.example.com/a.png", "https://img.example.com/b.png").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build();
    }

    @Test
    void runningTaskReportsItsEtaAndCompletedImagesTheirSize() throws Exception {
        GenerationRequest request = request(prompt("[sim:slow-ms=1500]"));
        String taskId = provider.submit(request, null).taskId();
        ProviderStatus running = pollUntil(taskId, request, s -> s.state() == ProviderTaskState.RUNNING);
        assertNotNull(running.etaSeconds());
        assertTrue(running.etaSeconds() >= 1 && running.etaSeconds() <= 2);
        ProviderStatus done = pollUntilTerminal(taskId, request);
        assertEquals(1024, done.outputs().get(0).width());
        assertEquals("image/png", done.outputs().get(0).contentType());
    }

    @Test
    void gatewayRateLimitInApimShapeWithRetryAfter() throws Exception {
        GenerationRequest request = request(prompt(""));
        String taskId = provider.submit(request, null).taskId();
        sim.fault("{\"provider\":\"pixazo\",\"operation\":\"poll\",\"fault\":\"429\",\"count\":1,\"retryAfterSeconds\":4}");
        ProviderException e = assertThrows(ProviderException.class, () -> provider.poll(taskId, request));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(Duration.ofSeconds(4), e.retryAfter());
        assertTrue(e.getMessage().contains("Rate limit is exceeded"));
    }
}
