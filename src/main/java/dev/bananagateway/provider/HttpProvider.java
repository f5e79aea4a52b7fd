package dev.bananagateway.provider;

import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * What every HTTP provider adapter shares: its endpoint (real provider, simulator, or none), the REST
 * client built once for it, the capability check against the adapter's offers, and the call
 * wrapper that classifies transport failures. Adapters are {@code @Singleton} beans: one instance
 * like {@code @ApplicationScoped}, without a client proxy (which would need a no-args constructor
 * that an adapter with final, constructor-injected state cannot offer).
 *
 * @param <C> the provider's REST client interface
 */
public abstract class HttpProvider<C> implements Provider, Providers.Configurable {

    private final ProviderId id;
    private final ProviderEndpoint endpoint;
    private final C client;

    protected HttpProvider(ProviderId id, Optional<ProviderEndpoint> endpoint, Class<C> clientType) {
        this.id = id;
        this.endpoint = endpoint.orElse(null);
        this.client = endpoint.map(e -> buildClient(clientType, e)).orElse(null);
    }

    @Override
    public ProviderId id() {
        return id;
    }

    @Override
    public boolean enabled() {
        return endpoint != null;
    }

    @Override
    public boolean supportsCallbacks() {
        return false;
    }

    @Override
    public Duration longestCall() {
        return endpoint == null ? Duration.ZERO : endpoint.connectTimeout().plus(endpoint.readTimeout());
    }

    @Override
    public Optional<Unsupported> check(GenerationRequest request) {
        Optional<Unsupported> common = CapabilityCheck.check(request, offers(), qualities());
        return common.isPresent() ? common : extraCheck(request);
    }

    /** The capability check's degradations for the offer that serves the request, then the adapter's own. */
    @Override
    public List<Degradation> degradations(GenerationRequest request) {
        Optional<ModelOffer> offer = CapabilityCheck.select(request, offers());
        if (offer.isEmpty()) {
            return List.of();
        }
        List<Degradation> all = new ArrayList<>(CapabilityCheck.degradations(request, offer.get()));
        all.addAll(extraDegradations(request));
        return List.copyOf(all);
    }

    /** Quality values the provider accepts besides the default; none unless overridden. */
    protected Set<String> qualities() {
        return Set.of();
    }

    /** Provider rules beyond the capability table; checked after it. */
    protected Optional<Unsupported> extraCheck(GenerationRequest request) {
        return Optional.empty();
    }

    /**
     * What the rules of {@link #extraCheck} let a degradable request lose; an adapter whose extra rule
     * gives way to {@code allowDegrade} overrides both. None unless overridden.
     */
    protected List<Degradation> extraDegradations(GenerationRequest request) {
        return List.of();
    }

    @Override
    public ProviderStatus parseCallback(String body, Map<String, String> headers) throws ProviderException {
        throw ProviderException.of(id, ErrorClass.INVALID_REQUEST, 0, null, id.key() + " sends no callbacks");
    }

    /** The offer that serves the request; fails with INVALID_REQUEST naming the field otherwise. */
    protected ModelOffer requireOffer(GenerationRequest request) throws ProviderException {
        Optional<Unsupported> unsupported = check(request);
        if (unsupported.isPresent()) {
            throw ProviderErrors.unsupported(id, unsupported.get());
        }
        return CapabilityCheck.select(request, offers())
                .orElseThrow(() -> ProviderErrors.unsupported(id, new Unsupported("model", "no offer")));
    }

    /** Calls the provider with the key; the key never leaves this method except in the request header. */
    protected WireResponse send(ProviderCall call, BiFunction<C, String, Response> request) throws ProviderException {
        if (endpoint == null) {
            throw ProviderException.of(id, ErrorClass.PROVIDER_UNAVAILABLE, 0, null,
                    id.key() + " is not configured (no API key and no simulator)");
        }
        return ProviderHttp.send(endpoint, call, () -> request.apply(client, endpoint.apiKey()));
    }

    private static <C> C buildClient(Class<C> type, ProviderEndpoint endpoint) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(endpoint.baseUri())
                .connectTimeout(endpoint.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(endpoint.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // errors arrive as Response objects: the adapter classifies them itself
                .disableDefaultMapper(true)
                .build(type);
    }
}
