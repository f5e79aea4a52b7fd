package dev.bananagateway.provider.revid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.GenerationRequest;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** RevidAPI (kie.ai rebrand): Nano Banana, Nano Banana Edit and Pro; callbacks to {@code callBackUrl}. */
@Singleton
public class RevidProvider extends HttpProvider<RevidClient> {

    /** This provider's id: its configuration block, callback path and public name. */
    public static final ProviderId ID = ProviderId.of("revid");

    /**
     * Seed 000's price list (docs/providers.md 3.3): credits with the USD it prints beside them (8 credits
     * ~ $0.02, 25 ~ $0.09, 35 ~ $0.12 at 4K). Its rates per credit differ per model, so the USD figures
     * are used as printed and no credit rate is derived.
     */
    static final Price FLASH = Price.documented(0.02, 8.0);
    static final Price PRO = Price.documented(0.09, 25.0);
    static final Price PRO_4K = Price.documented(0.12, 35.0);
    private static final int PRO_PROMPT_LIMIT = 10_000;
    private static final int FLASH_PROMPT_LIMIT = 5_000;
    private static final long PRO_REFERENCE_BYTES = 30L * 1024 * 1024;
    private static final int METHOD_NOT_ALLOWED = 405;

    private static final List<ModelOffer> OFFERS = List.of(
            ModelOffer.of(ModelFamilies.NANO_BANANA, RevidWire.MODEL_FLASH)
                    .modes(Mode.TEXT_TO_IMAGE).maxReferenceImages(0)
                    .aspectRatios(ModelFamilies.ALL_ASPECT_RATIOS).outputFormats(ModelFamilies.PNG_JPEG)
                    .priceUsd(FLASH.usd()).build(),
            ModelOffer.of(ModelFamilies.NANO_BANANA, RevidWire.MODEL_EDIT)
                    .modes(Mode.IMAGE_TO_IMAGE).minReferenceImages(1).maxReferenceImages(10)
                    .aspectRatios(ModelFamilies.ALL_ASPECT_RATIOS).outputFormats(ModelFamilies.PNG_JPEG)
                    .priceUsd(FLASH.usd()).build(),
            ModelOffer.of(ModelFamilies.NANO_BANANA_PRO, RevidWire.MODEL_PRO)
                    .modes(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE).maxReferenceImages(8)
                    .aspectRatios(ModelFamilies.ALL_ASPECT_RATIOS).resolutions(ModelFamilies.IMAGE_RESOLUTIONS)
                    .outputFormats(ModelFamilies.PNG_JPEG).priceUsd(PRO.usd()).build());

    @Inject
    public RevidProvider(GatewayConfig config) {
        this(ProviderEndpoint.resolve(ID, config));
        // every price is the document's: a price setting here would be ignored
        PriceSettings.of(ID, config).validated(false, Set.of(), Set.of());
    }

    public RevidProvider(Optional<ProviderEndpoint> endpoint) {
        super(ID, endpoint, RevidClient.class);
    }

    @Override
    public List<ModelOffer> offers() {
        return OFFERS;
    }

    @Override
    public boolean supportsCallbacks() {
        return true;
    }

    /** Seed 000: Pro's {@code image_input} files are at most 30 MB; the edit model's 10 MB (ext). */
    @Override
    public long maxReferenceImageBytes(GenerationRequest request) {
        return ModelFamilies.NANO_BANANA_PRO.equals(request.modelFamily()) ? PRO_REFERENCE_BYTES
                : DEFAULT_REFERENCE_IMAGE_BYTES;
    }

    @Override
    protected Optional<Unsupported> extraCheck(GenerationRequest request) {
        int limit = ModelFamilies.NANO_BANANA_PRO.equals(request.modelFamily()) ? PRO_PROMPT_LIMIT
                : FLASH_PROMPT_LIMIT;
        return request.prompt() != null && request.prompt().length() > limit
                ? Optional.of(new Unsupported("prompt", "at most " + limit + " characters"))
                : Optional.empty();
    }

    @Override
    public Price price(GenerationRequest request) {
        if (ModelFamilies.NANO_BANANA_PRO.equals(request.modelFamily())) {
            return "4K".equals(request.resolution()) ? PRO_4K : PRO;
        }
        return FLASH;
    }

    @Override
    public Submission submit(GenerationRequest request, String callbackUrl) throws ProviderException {
        ModelOffer offer = requireOffer(request);
        String body = Json.write(RevidWire.createBody(request, offer, callbackUrl));
        WireResponse response = send(ProviderCall.CREATE, (client, key) -> client.create(key, body));
        JsonNode root = ProviderErrors.requireBodyCodeOk(id(), ProviderCall.CREATE, response);
        String taskId = RevidWire.taskId(root);
        if (taskId == null) {
            throw ProviderErrors.malformed(id(), ProviderCall.CREATE, "create answer has no data.taskId");
        }
        return Submission.of(taskId);
    }

    @Override
    public ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        WireResponse response = send(ProviderCall.POLL, (client, key) -> client.status(key, providerTaskId));
        if (response.status() == METHOD_NOT_ALLOWED) {
            response = send(ProviderCall.POLL, (client, key) -> client.statusByGet(key, providerTaskId));
        }
        return RevidWire.queryAnswer(response, providerTaskId);
    }

    /** The callback body is the full query answer; a failed task arrives with code 501 and state fail. */
    @Override
    public ProviderStatus parseCallback(String body, Map<String, String> headers) throws ProviderException {
        JsonNode root = Json.parse(body).filter(r -> r.path("data").isObject())
                .orElseThrow(() -> ProviderErrors.badCallback(id(), "no data object"));
        return RevidWire.parseStatus(root, null);
    }
}
