package dev.bananagateway.routing;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.provider.Unsupported;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orders the providers that can serve a request: a pinned provider alone, otherwise every enabled and
 * capable provider by the configured priority, or by price when no priority is configured. By price,
 * a price that rests on an assumption (a number no document gives and nobody configured) ranks after
 * every documented or configured price, so an invented number never wins the route by being low.
 * Providers that {@link ProviderHealth} reports as failing go last, not away.
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

    /** The failover order for the request, or why no provider can serve it. */
    public Routing route(GenerationRequest request) {
        if (request.provider() != null) {
            return pinned(request);
        }
        List<Provider> capable = new ArrayList<>();
        List<Routing.ProviderRefusal> refusals = new ArrayList<>();
        for (Provider provider : providers.enabled()) {
            Optional<Unsupported> why = provider.check(request);
            if (why.isEmpty()) {
                capable.add(provider);
            } else {
                refusals.add(new Routing.ProviderRefusal(provider.id(), why.get()));
            }
        }
        if (capable.isEmpty()) {
            return new Routing.NoProviderCanServe(refusals);
        }
        return new Routing.Routed(health.preferHealthy(ordered(capable, request)));
    }

    private Routing pinned(GenerationRequest request) {
        Optional<ProviderId> id = providers.find(request.provider()).map(Provider::id);
        if (id.isEmpty()) {
            return new Routing.UnknownProvider(request.provider());
        }
        Optional<Provider> provider = providers.enabled().stream().filter(v -> v.id().equals(id.get())).findFirst();
        if (provider.isEmpty()) {
            return new Routing.ProviderNotConfigured(id.get());
        }
        Optional<Unsupported> why = provider.get().check(request);
        if (why.isPresent()) {
            return new Routing.PinnedProviderCannotServe(id.get(), why.get());
        }
        return new Routing.Routed(List.of(provider.get()));
    }

    private List<Provider> ordered(List<Provider> capable, GenerationRequest request) {
        if (!priority.isEmpty()) {
            capable.sort(Comparator.comparingInt(v -> {
                int index = priority.indexOf(v.id().key());
                return index < 0 ? Integer.MAX_VALUE : index;
            }));
            return capable;
        }
        Map<Provider, Price> prices = new HashMap<>();
        capable.forEach(v -> prices.put(v, v.price(request)));
        capable.sort(Comparator.comparing((Provider v) -> prices.get(v).basis() == Price.Basis.ASSUMED)
                .thenComparingDouble(v -> prices.get(v).usd()).thenComparing(Provider::id));
        return capable;
    }
}
