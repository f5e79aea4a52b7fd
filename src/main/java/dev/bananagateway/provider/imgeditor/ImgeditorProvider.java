package dev.bananagateway.provider.imgeditor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.MediaKind;
import dev.bananagateway.provider.CreditRate;
import dev.bananagateway.provider.HttpProvider;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.PriceSettings;
import dev.bananagateway.provider.Unsupported;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * imgeditor.co: four image models and eleven video models. The key allows 60 requests a minute
 * across all tasks; the adapter states that budget, and the lifecycle takes a token from the budget
 * every instance shares before each call (lifecycle/RequestBudgets).
 */
@Singleton
public class ImgeditorProvider extends HttpProvider<ImgeditorClient> {

    /** This provider's id: its configuration block, callback path and public name. */
    public static final ProviderId ID = ProviderId.of("imgeditor");
    /** imgeditor's API keys start with this (docs/providers.md 7.1). */
    public static final String KEY_PREFIX = "nb_sk_";

    /** The key's request budget the provider states (docs/providers.md 7.10). */
    static final int DOCUMENTED_REQUESTS_PER_MINUTE = 60;

    private final List<ModelOffer> offers;
    private final int requestsPerMinute;
    private final PriceSettings prices;
    private final CreditRate rate;

    @Inject
    public ImgeditorProvider(GatewayConfig config) {
        this(ProviderEndpoint.resolve(ID, KEY_PREFIX, config), subscribed(config), requestsPerMinute(config),
                prices(config));
    }

    private static boolean subscribed(GatewayConfig config) {
        GatewayConfig.ProviderConfig own = config.providers().get(ID.key());
        return own != null && own.subscription();
    }

    private static int requestsPerMinute(GatewayConfig config) {
        GatewayConfig.ProviderConfig own = config.providers().get(ID.key());
        return own == null ? DOCUMENTED_REQUESTS_PER_MINUTE : own.requestsPerMinute().orElse(DOCUMENTED_REQUESTS_PER_MINUTE);
    }

    /** Configured prices: a credit rate, and credits per second for the video models seed 004 does not price. */
    private static PriceSettings prices(GatewayConfig config) {
        return PriceSettings.of(ID, config).validated(true, Set.of(), ImgeditorModels.VIDEO_OFFERS.stream()
                .map(ModelOffer::providerModel).filter(m -> !ImgeditorModels.DEFAULT_VIDEO_MODEL.equals(m))
                .collect(Collectors.toSet()));
    }

    /**
     * @param subscribed whether the account has the subscription nano-banana-2 and seedream4 need
     * @param requestsPerMinute the key's request budget
     */
    public ImgeditorProvider(Optional<ProviderEndpoint> endpoint, boolean subscribed, int requestsPerMinute) {
        this(endpoint, subscribed, requestsPerMinute, PriceSettings.assumed(ID));
    }

    /** @param prices the price settings: the credit rate, per-second credits of the unpublished video models */
    public ImgeditorProvider(Optional<ProviderEndpoint> endpoint, boolean subscribed, int requestsPerMinute,
            PriceSettings prices) {
        super(ID, endpoint, ImgeditorClient.class);
        this.prices = prices;
        this.rate = prices.creditRate(ImgeditorModels.ASSUMED_USD_PER_CREDIT);
        List<ModelOffer> all = new ArrayList<>(ImgeditorModels.IMAGE_OFFERS);
        all.removeIf(o -> !subscribed && ImgeditorModels.SUBSCRIPTION_FAMILIES.contains(o.family()));
        all.addAll(ImgeditorModels.VIDEO_OFFERS);
        this.offers = List.copyOf(all);
        this.requestsPerMinute = requestsPerMinute;
    }

    @Override
    public List<ModelOffer> offers() {
        return offers;
    }

    @Override
    protected Set<String> qualities() {
        return Set.of("standard", "hd");
    }

    /** Why a task asks for one image only; the common check's reason would not say. */
    static final String ONE_IMAGE_PER_TASK = "one image per task: the documented status answer carries a single "
            + "image_url, while every image asked for is charged";

    /** The capability check, with imgeditor's own reason when more than one output is asked for. */
    @Override
    public Optional<Unsupported> check(GenerationRequest request) {
        return super.check(request).map(u -> request.kind() == MediaKind.IMAGE && "num_outputs".equals(u.field())
                ? new Unsupported(u.field(), ONE_IMAGE_PER_TASK) : u);
    }

    /** Sora's audio cannot be switched off; only a degradable request may ignore that. */
    @Override
    protected Optional<Unsupported> extraCheck(GenerationRequest request) {
        if (asksSoraForSilence(request) && !request.allowDegrade()) {
            return Optional.of(new Unsupported("video.generate_audio", request.modelFamily() + " always has audio"));
        }
        return Optional.empty();
    }

    /** The flag is left off the wire ({@code ImgeditorWire.videoBody}), and Sora's audio stays on. */
    @Override
    protected List<Degradation> extraDegradations(GenerationRequest request) {
        return asksSoraForSilence(request) ? List.of(Degradation.dropped("video.generate_audio", false)) : List.of();
    }

    private static boolean asksSoraForSilence(GenerationRequest request) {
        return request.video() != null && Boolean.FALSE.equals(request.video().generateAudio())
                && ImgeditorModels.ALWAYS_AUDIO.contains(request.modelFamily());
    }

    /** The configured budget, else the documented 60 (docs/providers.md 7.10); 0 switches it off. */
    @Override
    public OptionalInt requestsPerMinute() {
        return requestsPerMinute > 0 ? OptionalInt.of(requestsPerMinute) : OptionalInt.empty();
    }

    @Override
    public Duration minPollInterval() {
        return Duration.ofSeconds(3);
    }

    /** The USD price of one of this provider's credits, as configured or assumed. */
    CreditRate creditRate() {
        return rate;
    }

    /**
     * Credits from seed 004's tables (images; veo-3.1-fast), or for the other video models per second of
     * video as configured or assumed; USD at the credit rate, configured or assumed.
     */
    @Override
    public Price price(GenerationRequest request) {
        if (request.kind() != MediaKind.VIDEO) {
            return rate.price(ImgeditorModels.imageCredits(request), Price.Basis.DOCUMENTED);
        }
        String model = request.modelFamily();
        ImgeditorModels.VideoSpec video = ImgeditorModels.VideoSpec.of(model, request.video(), offers);
        OptionalDouble published = ImgeditorModels.publishedVideoCredits(model, video.seconds(), video.resolution(),
                video.audio());
        if (published.isPresent()) {
            return rate.price(published.getAsDouble(), Price.Basis.DOCUMENTED);
        }
        Optional<Double> perSecond = prices.videoCreditsPerSecond(model);
        return perSecond.isPresent() ? rate.price(perSecond.get() * video.seconds(), Price.Basis.CONFIGURED)
                : rate.price(ImgeditorModels.assumedCreditsPerSecond(video.resolution(), video.audio())
                        * video.seconds(), Price.Basis.ASSUMED);
    }

    @Override
    public Submission submit(GenerationRequest request, String callbackUrl) throws ProviderException {
        ModelOffer offer = requireOffer(request);
        boolean video = request.kind() == MediaKind.VIDEO;
        String body = Json.write(video ? ImgeditorWire.videoBody(request, offer) : ImgeditorWire.imageBody(request, offer));
        WireResponse response = send(ProviderCall.CREATE, (client, key) -> video
                ? client.generateVideo("Bearer " + key, body) : client.generateImage("Bearer " + key, body));
        JsonNode data = ImgeditorWire.requireData(ProviderCall.CREATE, response);
        String taskId = ImgeditorWire.taskId(data);
        if (taskId == null) {
            throw ProviderErrors.malformed(id(), ProviderCall.CREATE, "create answer has no data.task_id");
        }
        return new Submission(taskId, ImgeditorWire.charge(data, rate));
    }

    @Override
    public ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        boolean video = request != null && request.kind() == MediaKind.VIDEO;
        WireResponse response = send(ProviderCall.POLL, (client, key) -> video
                ? client.videoStatus("Bearer " + key, providerTaskId) : client.imageStatus("Bearer " + key, providerTaskId));
        JsonNode data = ImgeditorWire.requireData(ProviderCall.POLL, response);
        return ImgeditorWire.parseStatus(data, providerTaskId);
    }
}
