package dev.bananagateway.vendor.pixazo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.vendor.ErrorClass;
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
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class PixazoVendorTest extends SimulatedVendorTest {

    @Inject
    PixazoVendor vendor;

    @Override
    protected Vendor vendor() {
        return vendor;
    }

    @Override
    protected Vendor vendorAt(VendorEndpoint endpoint) {
        return new PixazoVendor(Optional.of(endpoint));
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NB_PRO).prompt(prompt)
                .refs("https://img.example.com/a.png", "https://img.example.com/b.png").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NB_PRO).build();
    }

    @Test
    void runningTaskReportsItsEtaAndCompletedImagesTheirSize() throws Exception {
        GenerationRequest request = request(prompt("[sim:slow-ms=1500]"));
        String taskId = vendor.submit(request, null);
        VendorStatus running = pollUntil(taskId, request, s -> s.state() == VendorTaskState.RUNNING);
        assertNotNull(running.etaSeconds());
        assertTrue(running.etaSeconds() >= 1 && running.etaSeconds() <= 2);
        VendorStatus done = pollUntilTerminal(taskId, request);
        assertEquals(1024, done.outputs().get(0).width());
        assertEquals("image/png", done.outputs().get(0).contentType());
    }

    @Test
    void gatewayRateLimitInApimShapeWithRetryAfter() throws Exception {
        GenerationRequest request = request(prompt(""));
        String taskId = vendor.submit(request, null);
        sim.fault("{\"vendor\":\"pixazo\",\"operation\":\"poll\",\"fault\":\"429\",\"count\":1,\"retryAfterSeconds\":4}");
        VendorException e = assertThrows(VendorException.class, () -> vendor.poll(taskId, request));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(Duration.ofSeconds(4), e.retryAfter());
        assertTrue(e.getMessage().contains("Rate limit is exceeded"));
    }
}
