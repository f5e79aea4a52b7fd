package dev.bananagateway.routing;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.Problem;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.Unsupported;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.Providers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Orders the providers that can serve a request: a pinned provider alone, otherwise every enabled and
 * capable provider by the configured priority, or by price when no priority is configured. Providers
 * that {@link ProviderHealth} reports as failing go last, not away.
 */
@ApplicationScoped
public class Router {

    private final Providers providers;
    private final ProviderHealth health;
    private final List<String> priority;

    public Router(Providers providers, ProviderHealth health, GatewayConfig config) {
        this.providers = providers;
        this.health = health;
        this.priority = config.routing().priority().orElse(List.of());
    }

    /** The failover order for the request; refuses with 422 when no provider can serve it. */
    public List<Provider> route(GenerationRequest request) {
        if (request.provider() != null) {
            return List.of(pinned(request));
        }
        List<Provider> capable = new ArrayList<>();
        List<Problem.FieldError> reasons = new ArrayList<>();
        for (Provider provider : providers.enabled()) {
            Optional<Unsupported> why = provider.check(request);
            if (why.isEmpty()) {
                capable.add(provider);
            } else {
                reasons.add(new Problem.FieldError(why.get().field(), provider.id().key() + ": " + why.get().reason()));
            }
        }
        if (capable.isEmpty()) {
            throw new ApiException(new Problem(null, "No provider can serve this request", 422,
                    providers.enabled().isEmpty() ? "no provider is configured"
                            : "no configured provider supports this combination of fields",
                    null, "UNSUPPORTED_BY_PROVIDERS", reasons, null, null).withType());
        }
        capable.sort(order(request));
        return health.preferHealthy(capable);
    }

    private Provider pinned(GenerationRequest request) {
        ProviderId id = providers.find(request.provider()).map(Provider::id).orElseThrow(
                () -> ApiException.field("provider", "is not a known provider"));
        Provider provider = providers.enabled().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow(
                () -> new ApiException(Problem.field(422, "PROVIDER_NOT_CONFIGURED", "provider",
                        "is not configured on this gateway")));
        provider.check(request).ifPresent(why -> {
            throw new ApiException(Problem.field(422, "UNSUPPORTED_BY_PROVIDER", why.field(),
                    id.key() + " " + why.reason()));
        });
        return provider;
    }

    private Comparator<Provider> order(GenerationRequest request) {
        if (!priority.isEmpty()) {
            return Comparator.comparingInt(v -> {
                int index = priority.indexOf(v.id().key());
                return index < 0 ? Integer.MAX_VALUE : index;
            });
        }
        return Comparator.comparingDouble((Provider v) -> v.priceUsd(request)).thenComparing(Provider::id);
    }
}
