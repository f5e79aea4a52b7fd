package dev.bananagateway.provider.nbpcloud;

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
import java.util.Optional;

/** nanobananapro.cloud: fast, Flash and Pro; no callbacks, polling drives the provider's own record. */
@Singleton
public class NbpcloudProvider extends HttpProvider<NbpcloudClient> {

    /** This provider's id: its configuration block, callback path and public name. */
    public static final ProviderId ID = ProviderId.of("nbpcloud");

    /**
     * Flat credits per request (5 / 15 / 20). The provider states no USD rate: $0.005 per credit is
     * assumed (kie's published rate, the closest documented reseller rate).
     */
    static final double USD_PER_CREDIT = 0.005;
    private static final int MAX_REFERENCES = 14;

    private static final List<ModelOffer> OFFERS = List.of(
            offer(ModelFamilies.NANO_BANANA_FAST, "nano-banana-fast", 5),
            offer(ModelFamilies.NANO_BANANA, "nano-banana", 15),
            offer(ModelFamilies.NANO_BANANA_PRO, "nano-banana-pro", 20));

    @Inject
    public NbpcloudProvider(GatewayConfig config) {
        this(ProviderEndpoint.resolve(ID, config));
    }

    public NbpcloudProvider(Optional<ProviderEndpoint> endpoint) {
        super(ID, endpoint, NbpcloudClient.class);
    }

    private static ModelOffer offer(String family, String providerModel, int credits) {
        // aspect ratios are not enumerated by the provider: the common set is validated and passed through
        // the output format cannot be chosen: left empty
        return ModelOffer.of(family, providerModel)
                .modes(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE).maxReferenceImages(MAX_REFERENCES)
                .aspectRatios(ModelFamilies.ALL_ASPECT_RATIOS).resolutions(ModelFamilies.IMAGE_RESOLUTIONS)
                .priceUsd(credits * USD_PER_CREDIT).build();
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
    public String submit(GenerationRequest request, String callbackUrl) throws ProviderException {
        ModelOffer offer = requireOffer(request);
        String body = Json.write(NbpcloudWire.createBody(request, offer));
        WireResponse response = send(ProviderCall.CREATE, (client, key) -> client.create("Bearer " + key, body));
        return NbpcloudWire.createAnswer(response);
    }

    @Override
    public ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        String body = Json.write(NbpcloudWire.resultBody(providerTaskId));
        WireResponse response = send(ProviderCall.POLL, (client, key) -> client.result("Bearer " + key, body));
        JsonNode root = ProviderErrors.requireSuccess(id(), ProviderCall.POLL, response);
        return NbpcloudWire.parseStatus(root, providerTaskId);
    }
}
