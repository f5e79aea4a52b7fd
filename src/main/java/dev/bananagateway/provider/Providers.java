package dev.bananagateway.provider;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The providers that are enabled (have a key, or a simulator behind them), in a stable order. */
@ApplicationScoped
public class Providers {

    private final List<Provider> all;

    public Providers(@All List<Provider> providers) {
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
        return all.stream().filter(v -> v.id() == id).findFirst();
    }

    private static boolean isEnabled(Provider provider) {
        return !(provider instanceof Configurable c) || c.enabled();
    }

    /** Implemented by adapters whose availability depends on configuration. */
    public interface Configurable {
        boolean enabled();
    }
}
