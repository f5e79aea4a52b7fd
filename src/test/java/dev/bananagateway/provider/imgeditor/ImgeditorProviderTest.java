package dev.bananagateway.provider.imgeditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
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

    @Test
    void everyImageOfAMultiImageTaskIsReturned() throws Exception {
        GenerationRequest request = TestRequests.image(ModelFamilies.SEEDREAM_4).prompt(prompt("")).outputs(3).build();
        ProviderStatus done = pollUntilTerminal(provider.submit(request, null).taskId(), request);
        JsonNode simulated = onlyTask(request.prompt());
        assertEquals(3, done.outputs().size());
        assertEquals(Json.strings(simulated.path("resultUrls")), done.outputs().stream().map(Output::url).toList());
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

    @Test
    void ownBudgetStopsPollsBeforeTheProviderSeesThem() throws Exception {
        ImgeditorProvider twoPerMinute = new ImgeditorProvider(Optional.of(new ProviderEndpoint(provider.id(),
                URI.create(simulatorUrl + "/imgeditor"), ProviderEndpoint.simulatorKey(provider.id(), ImgeditorProvider.KEY_PREFIX), true,
                Duration.ofSeconds(1), Duration.ofSeconds(2))), true, 2);
        GenerationRequest request = request(prompt(""));
        String taskId = twoPerMinute.submit(request, null).taskId();
        twoPerMinute.poll(taskId, request);
        ProviderException e = assertThrows(ProviderException.class, () -> twoPerMinute.poll(taskId, request));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(0, e.httpStatus(), "refused on our side");
        assertTrue(e.retryAfter().compareTo(Duration.ofSeconds(50)) > 0);
        assertEquals(1, onlyTask(request.prompt()).path("polls").asInt(), "the provider saw one poll");
    }
}
