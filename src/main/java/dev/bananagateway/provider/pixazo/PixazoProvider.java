package dev.bananagateway.provider.pixazo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.UploadReference;
import dev.bananagateway.model.Mode;
import dev.bananagateway.provider.HttpProvider;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.Unsupported;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderErrors;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.PriceSettings;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Submission;
import dev.bananagateway.provider.WireResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Pixazo "770": Nano Banana Pro image editing only (reference images required), $0.045 a request. */
@Singleton
public class PixazoProvider extends HttpProvider<PixazoClient> {

    /** This provider's id: its configuration block, callback path and public name. */
    public static final ProviderId ID = ProviderId.of("pixazo");

    /** Seed 003's price: $0.045 per request, "All Resolution" (docs/providers.md 6.3). */
    static final Price PRICE = Price.documented(0.045, null);
    private static final int MAX_REFERENCES = 14;

    // aspect ratio, resolution and output format cannot be chosen: left empty
    private static final List<ModelOffer> OFFERS = List.of(
            ModelOffer.of(ModelFamilies.NANO_BANANA_PRO, "nano-banana-pro-770")
                    .modes(Mode.IMAGE_TO_IMAGE).minReferenceImages(1).maxReferenceImages(MAX_REFERENCES)
                    .priceUsd(PRICE.usd()).build());

    /**
     * The media bucket's endpoint when it is not AWS's (the local stack's plain-http S3 server): the
     * gateway's own presigned upload URLs start with it. Empty in AWS, where they are https.
     */
    private final Optional<String> ownMediaOrigin;

    @Inject
    public PixazoProvider(GatewayConfig config) {
        this(ProviderEndpoint.resolve(ID, config), config.media().endpointOverride().map(PixazoProvider::origin));
        // the price is the document's: a price setting here would be ignored
        PriceSettings.of(ID, config).validated(false, Set.of(), Set.of());
    }

    public PixazoProvider(Optional<ProviderEndpoint> endpoint) {
        this(endpoint, Optional.empty());
    }

    private PixazoProvider(Optional<ProviderEndpoint> endpoint, Optional<String> ownMediaOrigin) {
        super(ID, endpoint, PixazoClient.class);
        this.ownMediaOrigin = ownMediaOrigin;
    }

    private static String origin(java.net.URI endpoint) {
        String text = endpoint.toString();
        return text.endsWith("/") ? text : text + "/";
    }

    @Override
    public List<ModelOffer> offers() {
        return OFFERS;
    }

    /**
     * The gateway fetches the images itself: they must be public HTTPS URLs. An upload is handed over
     * as a presigned URL of the media bucket, which is HTTPS.
     */
    @Override
    protected Optional<Unsupported> extraCheck(GenerationRequest request) {
        return request.referenceImageUrls().stream()
                .filter(url -> !url.startsWith("https://") && !UploadReference.isUpload(url)
                        && ownMediaOrigin.filter(url::startsWith).isEmpty()).findFirst()
                .map(url -> new Unsupported("reference_images", "reference images must be public https URLs"));
    }

    @Override
    public Price price(GenerationRequest request) {
        return PRICE;
    }

    @Override
    public Submission submit(GenerationRequest request, String callbackUrl) throws ProviderException {
        requireOffer(request);
        String body = Json.write(PixazoWire.createBody(request));
        WireResponse response = send(ProviderCall.CREATE, (client, key) -> client.create(key, body));
        String requestId = PixazoWire.requestId(ProviderErrors.requireSuccess(id(), ProviderCall.CREATE, response));
        if (requestId == null) {
            throw ProviderErrors.malformed(id(), ProviderCall.CREATE, "create answer has no request_id");
        }
        return Submission.of(requestId);
    }

    @Override
    public ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        String body = Json.write(PixazoWire.resultBody(providerTaskId));
        WireResponse response = send(ProviderCall.POLL, (client, key) -> client.result(key, body));
        JsonNode root = ProviderErrors.requireSuccess(id(), ProviderCall.POLL, response);
        return PixazoWire.parseStatus(root, providerTaskId);
    }
}
