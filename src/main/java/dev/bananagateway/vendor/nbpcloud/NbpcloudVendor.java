package dev.bananagateway.vendor.nbpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Mode;
import dev.bananagateway.vendor.HttpVendor;
import dev.bananagateway.vendor.Json;
import dev.bananagateway.vendor.ModelFamilies;
import dev.bananagateway.vendor.ModelOffer;
import dev.bananagateway.vendor.VendorCall;
import dev.bananagateway.vendor.VendorEndpoint;
import dev.bananagateway.vendor.VendorErrors;
import dev.bananagateway.vendor.VendorException;
import dev.bananagateway.vendor.VendorId;
import dev.bananagateway.vendor.VendorStatus;
import dev.bananagateway.vendor.WireResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/** nanobananapro.cloud: fast, Flash and Pro; no callbacks, polling drives the vendor's own record. */
@Singleton
public class NbpcloudVendor extends HttpVendor<NbpcloudClient> {

    /**
     * Flat credits per request (5 / 15 / 20). The vendor states no USD rate: $0.005 per credit is
     * assumed (kie's published rate, the closest documented reseller rate).
     */
    static final double USD_PER_CREDIT = 0.005;
    private static final int MAX_REFERENCES = 14;

    private static final List<ModelOffer> OFFERS = List.of(
            offer(ModelFamilies.NB_FAST, "nano-banana-fast", 5),
            offer(ModelFamilies.NB_FLASH_25, "nano-banana", 15),
            offer(ModelFamilies.NB_PRO, "nano-banana-pro", 20));

    @Inject
    public NbpcloudVendor(Config config) {
        this(VendorEndpoint.resolve(VendorId.NBPCLOUD, config));
    }

    public NbpcloudVendor(Optional<VendorEndpoint> endpoint) {
        super(VendorId.NBPCLOUD, endpoint, NbpcloudClient.class);
    }

    private static ModelOffer offer(String family, String vendorModel, int credits) {
        // aspect ratios are not enumerated by the vendor: the common set is validated and passed through
        return new ModelOffer(family, ModelFamilies.TIER_STANDARD, vendorModel,
                Set.of(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE), 0, MAX_REFERENCES, ModelFamilies.ALL_ASPECT_RATIOS,
                ModelFamilies.IMAGE_RESOLUTIONS, Set.of(), 1, Set.of(), false, credits * USD_PER_CREDIT);
    }

    @Override
    public List<ModelOffer> offers() {
        return OFFERS;
    }

    @Override
    public double priceUsd(GenerationRequest request) {
        return OFFERS.stream().filter(o -> o.family().equals(request.modelFamily()))
                .mapToDouble(ModelOffer::priceUsd).findFirst().orElse(Double.POSITIVE_INFINITY);
    }

    @Override
    public String submit(GenerationRequest request, String callbackUrl) throws VendorException {
        ModelOffer offer = requireOffer(request);
        String body = Json.write(NbpcloudWire.createBody(request, offer));
        WireResponse response = send(VendorCall.CREATE, (client, key) -> client.create("Bearer " + key, body));
        String taskId = NbpcloudWire.taskId(VendorErrors.requireSuccess(id(), VendorCall.CREATE, response));
        if (taskId == null) {
            throw VendorErrors.malformed(id(), VendorCall.CREATE, "create answer has no data.id");
        }
        return taskId;
    }

    @Override
    public VendorStatus poll(String vendorTaskId, GenerationRequest request) throws VendorException {
        String body = Json.write(NbpcloudWire.resultBody(vendorTaskId));
        WireResponse response = send(VendorCall.POLL, (client, key) -> client.result("Bearer " + key, body));
        JsonNode root = VendorErrors.requireSuccess(id(), VendorCall.POLL, response);
        return NbpcloudWire.parseStatus(root, vendorTaskId);
    }
}
