package dev.bananagateway.provider.crun;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Mode;
import dev.bananagateway.provider.CreditRate;
import dev.bananagateway.provider.HttpProvider;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.PriceSettings;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderErrors;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Submission;
import dev.bananagateway.provider.WireResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Crun.ai: Nano Banana in a standard and a cost-optimized (v2) channel; callbacks to {@code callback_url}. */
@Singleton
public class CrunProvider extends HttpProvider<CrunClient> {

    /** This provider's id: its configuration block, callback path and public name. */
    public static final ProviderId ID = ProviderId.of("crun");

    /**
     * USD per task when {@code gateway.providers.crun.price-usd."<model>"} is unset. Crun publishes no
     * prices in the seed (it has an EstimateTask call). Assumed: the standard channel at the market rate
     * of Nano Banana ($0.02, as revid), the v2 channel at half of it (docs/providers.md 5.3).
     */
    static final double ASSUMED_STANDARD_USD = 0.02;
    static final double ASSUMED_V2_USD = 0.01;
    /**
     * USD per credit when {@code gateway.providers.crun.usd-per-credit} is unset, to convert the credits
     * a finished task reports ({@code data.credits}). Undocumented; assumed so that the 4 credits of
     * Crun's TaskInfo example cost the assumed $0.02 of the standard channel.
     */
    static final double ASSUMED_USD_PER_CREDIT = 0.005;

    // reference limit and aspect enum are undocumented: refs not limited locally, auto not sent
    private static final List<ModelOffer> OFFERS = List.of(
            ModelOffer.of(ModelFamilies.NANO_BANANA, CrunWire.MODEL_STANDARD)
                    .modes(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE).maxReferenceImages(ModelFamilies.UNDOCUMENTED_LIMIT)
                    .aspectRatios(ModelFamilies.FIXED_ASPECT_RATIOS).outputFormats(ModelFamilies.PNG_JPEG)
                    .priceUsd(ASSUMED_STANDARD_USD).build(),
            // the v2 channel's output format cannot be chosen: left empty
            ModelOffer.of(ModelFamilies.NANO_BANANA, CrunWire.MODEL_V2).tier(ModelFamilies.TIER_COST_OPTIMIZED)
                    .modes(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE).maxReferenceImages(ModelFamilies.UNDOCUMENTED_LIMIT)
                    .aspectRatios(ModelFamilies.FIXED_ASPECT_RATIOS)
                    .priceUsd(ASSUMED_V2_USD).build());

    private final PriceSettings prices;
    private final CreditRate rate;

    @Inject
    public CrunProvider(GatewayConfig config) {
        this(ProviderEndpoint.resolve(ID, config), PriceSettings.of(ID, config)
                .validated(true, Set.of(CrunWire.MODEL_STANDARD, CrunWire.MODEL_V2), Set.of()));
    }

    /** With no price configured: every price is the adapter's assumption. */
    public CrunProvider(Optional<ProviderEndpoint> endpoint) {
        this(endpoint, PriceSettings.assumed(ID));
    }

    public CrunProvider(Optional<ProviderEndpoint> endpoint, PriceSettings prices) {
        super(ID, endpoint, CrunClient.class);
        this.prices = prices;
        this.rate = prices.creditRate(ASSUMED_USD_PER_CREDIT);
    }

    @Override
    public List<ModelOffer> offers() {
        return OFFERS;
    }

    @Override
    public boolean supportsCallbacks() {
        return true;
    }

    /** The USD price of one of this provider's credits, as configured or assumed. */
    CreditRate creditRate() {
        return rate;
    }

    @Override
    public Price price(GenerationRequest request) {
        return ModelFamilies.TIER_COST_OPTIMIZED.equals(ModelFamilies.tierOf(request.tier()))
                ? prices.taskPrice(CrunWire.MODEL_V2, ASSUMED_V2_USD)
                : prices.taskPrice(CrunWire.MODEL_STANDARD, ASSUMED_STANDARD_USD);
    }

    @Override
    public Submission submit(GenerationRequest request, String callbackUrl) throws ProviderException {
        ModelOffer offer = requireOffer(request);
        String body = Json.write(CrunWire.createBody(request, offer, callbackUrl));
        WireResponse response = send(ProviderCall.CREATE, (client, key) -> client.create(key, body));
        String taskId = CrunWire.taskId(ProviderErrors.requireBodyCodeOk(id(), ProviderCall.CREATE, response));
        if (taskId == null) {
            throw ProviderErrors.malformed(id(), ProviderCall.CREATE, "create answer has no data.task_id");
        }
        return Submission.of(taskId);
    }

    @Override
    public ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        WireResponse response = send(ProviderCall.POLL, (client, key) -> client.taskInfo(key, providerTaskId));
        return CrunWire.taskInfoAnswer(response, providerTaskId, rate);
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
        return CrunWire.parseTask(task, null, Json.text(root, "message"), rate);
    }
}
