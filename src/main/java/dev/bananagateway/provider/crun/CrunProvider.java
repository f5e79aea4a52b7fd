package dev.bananagateway.provider.crun;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Mode;
import dev.bananagateway.provider.HttpProvider;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderErrors;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.WireResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Crun.ai: Nano Banana in a standard and a cost-optimized (v2) channel; callbacks to {@code callback_url}. */
@Singleton
public class CrunProvider extends HttpProvider<CrunClient> {

    /** This provider's id: its configuration block, callback path and public name. */
    public static final ProviderId ID = ProviderId.of("crun");

    /**
     * Crun publishes no prices in the seed (it has an EstimateTask call). Assumed: the standard
     * channel at the market rate of Nano Banana ($0.02, as revid), the v2 channel at half of it.
     */
    static final double STANDARD_USD = 0.02;
    static final double V2_USD = 0.01;

    // reference limit and aspect enum are undocumented: refs not limited locally, auto not sent
    private static final List<ModelOffer> OFFERS = List.of(
            ModelOffer.of(ModelFamilies.NANO_BANANA, CrunWire.MODEL_STANDARD)
                    .modes(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE).maxReferenceImages(ModelFamilies.UNDOCUMENTED_LIMIT)
                    .aspectRatios(ModelFamilies.FIXED_ASPECT_RATIOS).outputFormats(ModelFamilies.PNG_JPEG)
                    .priceUsd(STANDARD_USD).build(),
            // the v2 channel's output format cannot be chosen: left empty
            ModelOffer.of(ModelFamilies.NANO_BANANA, CrunWire.MODEL_V2).tier(ModelFamilies.TIER_COST_OPTIMIZED)
                    .modes(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE).maxReferenceImages(ModelFamilies.UNDOCUMENTED_LIMIT)
                    .aspectRatios(ModelFamilies.FIXED_ASPECT_RATIOS)
                    .priceUsd(V2_USD).build());

    @Inject
    public CrunProvider(GatewayConfig config) {
        this(ProviderEndpoint.resolve(ID, config));
    }

    public CrunProvider(Optional<ProviderEndpoint> endpoint) {
        super(ID, endpoint, CrunClient.class);
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
    public double priceUsd(GenerationRequest request) {
        return ModelFamilies.TIER_COST_OPTIMIZED.equals(ModelFamilies.tierOf(request.tier())) ? V2_USD : STANDARD_USD;
    }

    @Override
    public String submit(GenerationRequest request, String callbackUrl) throws ProviderException {
        ModelOffer offer = requireOffer(request);
        String body = Json.write(CrunWire.createBody(request, offer, callbackUrl));
        WireResponse response = send(ProviderCall.CREATE, (client, key) -> client.create(key, body));
        String taskId = CrunWire.taskId(ProviderErrors.requireBodyCodeOk(id(), ProviderCall.CREATE, response));
        if (taskId == null) {
            throw ProviderErrors.malformed(id(), ProviderCall.CREATE, "create answer has no data.task_id");
        }
        return taskId;
    }

    @Override
    public ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        WireResponse response = send(ProviderCall.POLL, (client, key) -> client.taskInfo(key, providerTaskId));
        return CrunWire.taskInfoAnswer(response, providerTaskId);
    }

    /** The documented callback is the bare task object; the {code, message, data} envelope is accepted too. */
    @Override
    public ProviderStatus parseCallback(String body, Map<String, String> headers) throws ProviderException {
        JsonNode root = Json.parse(body).filter(JsonNode::isObject)
                .orElseThrow(() -> ProviderErrors.badCallback(id(), "not a JSON object"));
        JsonNode task = CrunWire.taskObject(root);
        if (Json.text(task, "task_id") == null) {
            throw ProviderErrors.badCallback(id(), "no task_id");
        }
        return CrunWire.parseTask(task, null, Json.text(root, "message"));
    }
}
