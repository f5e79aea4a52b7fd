package dev.bananagateway.provider;

import dev.bananagateway.config.GatewayConfig;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The registry of providers: every adapter bean (a {@link Provider} in its own package) with its
 * configuration block, in a stable order. Registering a provider is writing its adapter bean and
 * its block in application.properties; nothing here lists them.
 */
@ApplicationScoped
@Startup // built at start-up, so a provider block or adapter without its twin stops the function there
public class Providers {

    private final List<Provider> all;

    @Inject
    public Providers(@All List<Provider> providers, GatewayConfig config) {
        this(providers);
        List<String> broken = ProviderConfigCheck.violations(config, keys());
        if (!broken.isEmpty()) {
            throw new IllegalStateException("invalid gateway configuration: " + String.join("; ", broken));
        }
    }

    public Providers(List<Provider> providers) {
        this.all = providers.stream().sorted(Comparator.comparing(Provider::id)).toList();
    }

    /** Every provider adapter, enabled or not (for capability listings). */
    public List<Provider> all() {
        return all;
    }

    public List<Provider> enabled() {
        return all.stream().filter(Providers::isEnabled).toList();
    }

    public Optional<Provider> find(ProviderId id) {
        return all.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** The provider registered under this key, whether enabled or not. */
    public Optional<Provider> find(String key) {
        return ProviderId.parse(key).flatMap(this::find);
    }

    /** The ids of every registered provider, sorted. */
    public List<String> keys() {
        return all.stream().map(p -> p.id().key()).toList();
    }

    private static boolean isEnabled(Provider provider) {
        return !(provider instanceof Configurable c) || c.enabled();
    }

    /** Implemented by adapters whose availability depends on configuration. */
    public interface Configurable {
        boolean enabled();
    }
}
