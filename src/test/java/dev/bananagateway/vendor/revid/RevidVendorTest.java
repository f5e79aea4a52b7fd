package dev.bananagateway.vendor.revid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.vendor.CallbackVendorTest;
import dev.bananagateway.vendor.ModelFamilies;
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
class RevidVendorTest extends CallbackVendorTest {

    @Inject
    RevidVendor vendor;

    @Override
    protected Vendor vendor() {
        return vendor;
    }

    @Override
    protected Vendor vendorAt(VendorEndpoint endpoint) {
        return new RevidVendor(Optional.of(endpoint));
    }

    @Override
    protected GenerationRequest request(String prompt) {
        return TestRequests.image(ModelFamilies.NB_PRO).prompt(prompt).aspect("16:9").resolution("2K").format("jpeg")
                .build();
    }

    @Override
    protected GenerationRequest unsupportedRequest() {
        return TestRequests.image(ModelFamilies.NB_FLASH_25).resolution("4K").build();
    }

    @Test
    void editModelPassesTheSimulatorsValidationAndProgressesByPolls() throws Exception {
        GenerationRequest request = TestRequests.image(ModelFamilies.NB_FLASH_25).prompt(prompt("[sim:slow-polls=3]"))
                .refs("https://img.example.com/a.png").aspect("auto").format("jpeg").build();
        String taskId = vendor.submit(request, null);
        assertEquals(VendorTaskState.QUEUED, vendor.poll(taskId, request).state());
        assertEquals(VendorTaskState.RUNNING, vendor.poll(taskId, request).state());
        VendorStatus done = vendor.poll(taskId, request);
        assertEquals(VendorTaskState.SUCCEEDED, done.state());
        assertEquals("image/jpeg", done.outputs().get(0).contentType());
        assertEquals("google/nano-banana-edit", onlyTask(request.prompt()).path("model").asText());
    }
}
