package dev.bananagateway.vendor.nbpcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.vendor.ModelFamilies;
import dev.bananagateway.vendor.SimulatedVendorTest;
import dev.bananagateway.vendor.TestRequests;
import dev.bananagateway.vendor.Vendor;
import dev.bananagateway.vendor.VendorEndpoint;
import dev.bananagateway.vendor.VendorStatus;
import dev.bananagateway.vendor.VendorTaskState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class NbpcloudVendorTest extends SimulatedVendorTest {

    @Inject
    NbpcloudVendor vendor;

    @Override
    protected Vendor vendor() {
        return vendor;
    }

    @Override
    protected Vendor vendorAt(VendorEndpoint endpoint) {
        return new NbpcloudVendor(Optional.of(endpoint));
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NB_FAST).prompt(prompt).refs("https://img.example.com/a.png")
                .aspect("9:16").resolution("2K").build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NB_PRO).outputs(2).build();
    }

    @Test
    void onlyPollsMoveTheTaskAndProgressRises() throws Exception {
        sim.settings("{\"vendor\":\"nbpcloud\",\"queuedMillis\":10,\"runningMillis\":10,\"pollsToFinish\":3}");
        GenerationRequest request = request(prompt(""));
        String taskId = vendor.submit(request, null);
        Thread.sleep(100); // far past the time settings: a time-driven task would be done by now
        VendorStatus first = vendor.poll(taskId, request);
        assertEquals(VendorTaskState.RUNNING, first.state());
        VendorStatus second = vendor.poll(taskId, request);
        assertEquals(VendorTaskState.RUNNING, second.state());
        assertTrue(second.progress() > first.progress());
        assertEquals(VendorTaskState.SUCCEEDED, vendor.poll(taskId, request).state());
    }
}
