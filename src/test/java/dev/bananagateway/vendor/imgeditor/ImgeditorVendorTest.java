package dev.bananagateway.vendor.imgeditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.vendor.ErrorClass;
import dev.bananagateway.vendor.Json;
import dev.bananagateway.vendor.ModelFamilies;
import dev.bananagateway.vendor.SimulatedVendorTest;
import dev.bananagateway.vendor.TestRequests;
import dev.bananagateway.vendor.Vendor;
import dev.bananagateway.vendor.VendorEndpoint;
import dev.bananagateway.vendor.VendorException;
import dev.bananagateway.vendor.VendorStatus;
import dev.bananagateway.vendor.VendorTaskState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ImgeditorVendorTest extends SimulatedVendorTest {

    @Inject
    ImgeditorVendor vendor;

    @Override
    protected Vendor vendor() {
        return vendor;
    }

    @Override
    protected Vendor vendorAt(VendorEndpoint endpoint) {
        return new ImgeditorVendor(Optional.of(endpoint), true, 1000);
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NB_PRO).prompt(prompt).refs("https://img.example.com/a.png")
                .aspect("21:9").resolution("4K").quality("hd").format("jpeg").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NB_FLASH_25).aspect("auto").build();
    }

    @Test
    void everyImageOfAMultiImageTaskIsReturned() throws Exception {
        GenerationRequest request = TestRequests.image(ModelFamilies.SEEDREAM4).prompt(prompt("")).outputs(3).build();
        VendorStatus done = pollUntilTerminal(vendor.submit(request, null), request);
        JsonNode simulated = onlyTask(request.prompt());
        assertEquals(3, done.outputs().size());
        assertEquals(Json.strings(simulated.path("resultUrls")), done.outputs().stream().map(Output::url).toList());
    }

    @Test
    void videoGoesThroughTheVideoEndpoints() throws Exception {
        GenerationRequest request = TestRequests.video("seedance-2.0", 10, "480p", true).prompt(prompt(""))
                .aspect("4:3").build();
        VendorStatus done = pollUntilTerminal(vendor.submit(request, null), request);
        assertEquals(VendorTaskState.SUCCEEDED, done.state());
        assertEquals("video/mp4", done.outputs().get(0).contentType());
        assertEquals("seedance-2.0", onlyTask(request.prompt()).path("model").asText());
        VendorException asImage = assertThrows(VendorException.class, () -> vendor.poll(done.vendorTaskId(),
                TestRequests.image(ModelFamilies.NB_PRO).build()));
        assertEquals(ErrorClass.NOT_FOUND, asImage.errorClass(), "a video task is not on the image status endpoint");
    }

    @Test
    void subscriptionModelWithoutSubscriptionIsForbidden() {
        sim.settings("{\"vendor\":\"imgeditor\",\"subscription\":false}");
        VendorException e = assertThrows(VendorException.class,
                () -> vendor.submit(TestRequests.image(ModelFamilies.NB_2).prompt(prompt("")).build(), null));
        assertEquals(ErrorClass.FORBIDDEN, e.errorClass());
        assertEquals("FORBIDDEN", e.vendorCode());
    }

    @Test
    void vendorRateLimitIsRateLimited() throws Exception {
        sim.settings("{\"vendor\":\"imgeditor\",\"requestsPerMinute\":1}");
        GenerationRequest request = request(prompt(""));
        String taskId = vendor.submit(request, null);
        VendorException e = assertThrows(VendorException.class, () -> vendor.poll(taskId, request));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals("RATE_LIMIT_EXCEEDED", e.vendorCode());
        assertNotNull(e.retryAfter());
    }

    @Test
    void ownBudgetStopsPollsBeforeTheVendorSeesThem() throws Exception {
        ImgeditorVendor twoPerMinute = new ImgeditorVendor(Optional.of(new VendorEndpoint(vendor.id(),
                URI.create(simulatorUrl + "/imgeditor"), VendorEndpoint.simulatorKey(vendor.id()), true,
                Duration.ofSeconds(1), Duration.ofSeconds(2))), true, 2);
        GenerationRequest request = request(prompt(""));
        String taskId = twoPerMinute.submit(request, null);
        twoPerMinute.poll(taskId, request);
        VendorException e = assertThrows(VendorException.class, () -> twoPerMinute.poll(taskId, request));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(0, e.httpStatus(), "refused on our side");
        assertTrue(e.retryAfter().compareTo(Duration.ofSeconds(50)) > 0);
        assertEquals(1, onlyTask(request.prompt()).path("polls").asInt(), "the vendor saw one poll");
    }
}
