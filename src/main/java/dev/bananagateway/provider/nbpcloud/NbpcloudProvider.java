package dev.bananagateway.provider.nbpcloud;

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

/** nanobananapro.cloud: fast, Flash and Pro; no callbacks, polling drives the provider's own record. */
@Singleton
public class NbpcloudProvider extends HttpProvider<NbpcloudClient> {

    /** This provider's id: its configuration block, callback path and public name. */
    public static final ProviderId ID = ProviderId.of("nbpcloud");

    /**
     * USD per credit when {@code gateway.providers.nbpcloud.usd-per-credit} is unset. Seed 001 states
     * none; assumed: kie's published rate, the closest documented reseller rate (docs/providers.md 4.3).
     */
    static final double ASSUMED_USD_PER_CREDIT = 0.005;
    /** Seed 001's flat credits per request (5 / 15 / 20), by public model. */
    private static final Map<String, Integer> CREDITS = Map.of(ModelFamilies.NANO_BANANA_FAST, 5,
            ModelFamilies.NANO_BANANA, 15, ModelFamilies.NANO_BANANA_PRO, 20);
    private static final int MAX_REFERENCES = 14;

    private static final List<ModelOffer> OFFERS = List.of(
            offer(ModelFamilies.NANO_BANANA_FAST, "nano-banana-fast"),
            offer(ModelFamilies.NANO_BANANA, "nano-banana"),
            offer(ModelFamilies.NANO_BANANA_PRO, "nano-banana-pro"));

    private final CreditRate rate;

    @Inject
    public NbpcloudProvider(GatewayConfig config) {
        this(ProviderEndpoint.resolve(ID, config), PriceSettings.of(ID, config).validated(true, Set.of(), Set.of()));
    }

    /** With no price configured: a credit is worth {@link #ASSUMED_USD_PER_CREDIT}. */
    public NbpcloudProvider(Optional<ProviderEndpoint> endpoint) {
        this(endpoint, PriceSettings.assumed(ID));
    }

    public NbpcloudProvider(Optional<ProviderEndpoint> endpoint, PriceSettings prices) {
        super(ID, endpoint, NbpcloudClient.class);
        this.rate = prices.creditRate(ASSUMED_USD_PER_CREDIT);
    }

    private static ModelOffer offer(String family, String providerModel) {
        // aspect ratios are not enumerated by the provider: the common set is validated and passed through
        // the output format cannot be chosen: left empty
        return ModelOffer.of(family, providerModel)
                .modes(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE).maxReferenceImages(MAX_REFERENCES)
                .aspectRatios(ModelFamilies.ALL_ASPECT_RATIOS).resolutions(ModelFamilies.IMAGE_RESOLUTIONS)
                .priceUsd(CREDITS.get(family) * ASSUMED_USD_PER_CREDIT).build();
    }

    @Override
    public List<ModelOffer> offers() {
        return OFFERS;
    }

    /** The USD price of one of this provider's credits, as configured or assumed. */
    CreditRate creditRate() {
        return rate;
    }

    @Override
    public Price price(GenerationRequest request) {
        Integer credits = CREDITS.get(request.modelFamily());
        if (credits == null) {
            throw new IllegalArgumentException(id().key() + " does not offer " + request.modelFamily());
        }
        return rate.price(credits, Price.Basis.DOCUMENTED);
    }

    @Override
    public Submission submit(GenerationRequest request, String callbackUrl) throws ProviderException {
        ModelOffer offer = requireOffer(request);
        String body = Json.write(NbpcloudWire.createBody(request, offer));
        WireResponse response = send(ProviderCall.CREATE, (client, key) -> client.create("Bearer " + key, body));
        return NbpcloudWire.createAnswer(response, rate);
    }

    @Override
    public ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        String body = Json.write(NbpcloudWire.resultBody(providerTaskId));
        WireResponse response = send(ProviderCall.POLL, (client, key) -> client.result("Bearer " + key, body));
        JsonNode root = ProviderErrors.requireSuccess(id(), ProviderCall.POLL, response);
        return NbpcloudWire.parseStatus(root, providerTaskId, rate);
    }
}
