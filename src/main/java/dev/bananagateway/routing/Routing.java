package dev.bananagateway.routing;

import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.Unsupported;
import java.util.List;

/** What {@link Router#route} decides: the providers to try in order, or why no provider can serve. */
public sealed interface Routing {

    /** The failover order: never empty. */
    record Routed(List<Provider> providers) implements Routing {
        public Routed {
            providers = List.copyOf(providers);
            if (providers.isEmpty()) {
                throw new IllegalArgumentException("a route holds at least one provider");
            }
        }
    }

    /** No provider can serve the request; nothing may be written or called. */
    sealed interface Unroutable extends Routing {
    }

    /** The request pins a provider the gateway does not know. */
    record UnknownProvider(String provider) implements Unroutable {
    }

    /** The request pins a known provider that is not enabled on this gateway. */
    record ProviderNotConfigured(ProviderId provider) implements Unroutable {
    }

    /** The pinned provider cannot serve the request. */
    record PinnedProviderCannotServe(ProviderId provider, Unsupported why) implements Unroutable {
    }

    /** No enabled provider can serve the request: why, per provider (none when none is enabled). */
    record NoProviderCanServe(List<ProviderRefusal> refusals) implements Unroutable {
        public NoProviderCanServe {
            refusals = List.copyOf(refusals);
        }

        public boolean noProviderEnabled() {
            return refusals.isEmpty();
        }
    }

    /** One provider's reason for not serving a request. */
    record ProviderRefusal(ProviderId provider, Unsupported why) {
    }
}
