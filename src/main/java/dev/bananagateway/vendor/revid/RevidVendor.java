package dev.bananagateway.vendor.revid;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/** RevidAPI (kie.ai rebrand): Nano Banana, Nano Banana Edit and Pro; callbacks to {@code callBackUrl}. */
@Singleton
public class RevidVendor extends HttpVendor<RevidClient> {

    /** USD from the seed's own figures (8 credits ~ $0.02, 25 ~ $0.09, 35 ~ $0.12); its rates differ per model. */
    static final double FLASH_USD = 0.02;
    static final double PRO_USD = 0.09;
    static final double PRO_4K_USD = 0.12;
    private static final int PRO_PROMPT_LIMIT = 10_000;
    private static final int FLASH_PROMPT_LIMIT = 5_000;
    private static final int METHOD_NOT_ALLOWED = 405;

    private static final List<ModelOffer> OFFERS = List.of(
            new ModelOffer(ModelFamilies.NB_FLASH_25, ModelFamilies.TIER_STANDARD, RevidWire.MODEL_FLASH,
                    Set.of(Mode.TEXT_TO_IMAGE), 0, 0, ModelFamilies.ALL_ASPECT_RATIOS, Set.of(),
                    ModelFamilies.PNG_JPEG, 1, Set.of(), false, FLASH_USD),
            new ModelOffer(ModelFamilies.NB_FLASH_25, ModelFamilies.TIER_STANDARD, RevidWire.MODEL_EDIT,
                    Set.of(Mode.IMAGE_TO_IMAGE), 1, 10, ModelFamilies.ALL_ASPECT_RATIOS, Set.of(),
                    ModelFamilies.PNG_JPEG, 1, Set.of(), false, FLASH_USD),
            new ModelOffer(ModelFamilies.NB_PRO, ModelFamilies.TIER_STANDARD, RevidWire.MODEL_PRO,
                    Set.of(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE), 0, 8, ModelFamilies.ALL_ASPECT_RATIOS,
                    ModelFamilies.IMAGE_RESOLUTIONS, ModelFamilies.PNG_JPEG, 1, Set.of(), false, PRO_USD));

    @Inject
    public RevidVendor(Config config) {
        this(VendorEndpoint.resolve(VendorId.REVID, config));
    }

    public RevidVendor(Optional<VendorEndpoint> endpoint) {
        super(VendorId.REVID, endpoint, RevidClient.class);
    }

    @Override
    public List<ModelOffer> offers() {
        return OFFERS;
    }

    @Override
    public boolean supportsCallbacks() {
        return true;
    }

    @Override
    protected Optional<Unsupported> extraCheck(GenerationRequest request) {
        int limit = ModelFamilies.NB_PRO.equals(request.modelFamily()) ? PRO_PROMPT_LIMIT : FLASH_PROMPT_LIMIT;
        return request.prompt() != null && request.prompt().length() > limit
                ? Optional.of(new Unsupported("prompt", "at most " + limit + " characters"))
                : Optional.empty();
    }

    @Override
    public double priceUsd(GenerationRequest request) {
        if (ModelFamilies.NB_PRO.equals(request.modelFamily())) {
            return "4K".equals(request.resolution()) ? PRO_4K_USD : PRO_USD;
        }
        return FLASH_USD;
    }

    @Override
    public String submit(GenerationRequest request, String callbackUrl) throws VendorException {
        ModelOffer offer = requireOffer(request);
        String body = Json.write(RevidWire.createBody(request, offer, callbackUrl));
        WireResponse response = send(VendorCall.CREATE, (client, key) -> client.create(key, body));
        JsonNode root = VendorErrors.requireBodyCodeOk(id(), VendorCall.CREATE, response);
        String taskId = RevidWire.taskId(root);
        if (taskId == null) {
            throw VendorErrors.malformed(id(), VendorCall.CREATE, "create answer has no data.taskId");
        }
        return taskId;
    }

    @Override
    public VendorStatus poll(String vendorTaskId, GenerationRequest request) throws VendorException {
        WireResponse response = send(VendorCall.POLL, (client, key) -> client.status(key, vendorTaskId));
        if (response.status() == METHOD_NOT_ALLOWED) {
            response = send(VendorCall.POLL, (client, key) -> client.statusByGet(key, vendorTaskId));
        }
        JsonNode root = VendorErrors.requireBodyCodeOk(id(), VendorCall.POLL, response);
        return RevidWire.parseStatus(root, vendorTaskId);
    }

    /** The callback body is the full query answer; a failed task arrives with code 501 and state fail. */
    @Override
    public VendorStatus parseCallback(String body, Map<String, String> headers) throws VendorException {
        JsonNode root = Json.parse(body).filter(r -> r.path("data").isObject())
                .orElseThrow(() -> VendorErrors.badCallback(id(), "no data object"));
        return RevidWire.parseStatus(root, null);
    }
}
