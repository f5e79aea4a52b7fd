package dev.bananagateway.vendor.pixazo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Mode;
import dev.bananagateway.vendor.HttpVendor;
import dev.bananagateway.vendor.Json;
import dev.bananagateway.vendor.ModelFamilies;
import dev.bananagateway.vendor.ModelOffer;
import dev.bananagateway.vendor.Unsupported;
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

/** Pixazo "770": Nano Banana Pro image editing only (reference images required), $0.045 a request. */
@Singleton
public class PixazoVendor extends HttpVendor<PixazoClient> {

    static final double PRICE_USD = 0.045;
    private static final int MAX_REFERENCES = 14;

    private static final List<ModelOffer> OFFERS = List.of(new ModelOffer(ModelFamilies.NB_PRO,
            ModelFamilies.TIER_STANDARD, "nano-banana-pro-770", Set.of(Mode.IMAGE_TO_IMAGE), 1, MAX_REFERENCES,
            Set.of(), Set.of(), Set.of(), 1, Set.of(), false, PRICE_USD));

    @Inject
    public PixazoVendor(Config config) {
        this(VendorEndpoint.resolve(VendorId.PIXAZO, config));
    }

    public PixazoVendor(Optional<VendorEndpoint> endpoint) {
        super(VendorId.PIXAZO, endpoint, PixazoClient.class);
    }

    @Override
    public List<ModelOffer> offers() {
        return OFFERS;
    }

    /** The gateway fetches the images itself: they must be public HTTPS URLs. */
    @Override
    protected Optional<Unsupported> extraCheck(GenerationRequest request) {
        return request.referenceImageUrls().stream().filter(url -> !url.startsWith("https://")).findFirst()
                .map(url -> new Unsupported("reference_images", "reference images must be public https URLs"));
    }

    @Override
    public double priceUsd(GenerationRequest request) {
        return PRICE_USD;
    }

    @Override
    public String submit(GenerationRequest request, String callbackUrl) throws VendorException {
        requireOffer(request);
        String body = Json.write(PixazoWire.createBody(request));
        WireResponse response = send(VendorCall.CREATE, (client, key) -> client.create(key, body));
        String requestId = PixazoWire.requestId(VendorErrors.requireSuccess(id(), VendorCall.CREATE, response));
        if (requestId == null) {
            throw VendorErrors.malformed(id(), VendorCall.CREATE, "create answer has no request_id");
        }
        return requestId;
    }

    @Override
    public VendorStatus poll(String vendorTaskId, GenerationRequest request) throws VendorException {
        String body = Json.write(PixazoWire.resultBody(vendorTaskId));
        WireResponse response = send(VendorCall.POLL, (client, key) -> client.result(key, body));
        JsonNode root = VendorErrors.requireSuccess(id(), VendorCall.POLL, response);
        return PixazoWire.parseStatus(root, vendorTaskId);
    }
}
