package dev.bananagateway.vendor;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The vendors that are enabled (have a key, or a simulator behind them), in a stable order. */
@ApplicationScoped
public class Vendors {

    private final List<Vendor> all;

    public Vendors(@All List<Vendor> vendors) {
        this.all = vendors.stream().sorted(Comparator.comparing(Vendor::id)).toList();
    }

    /** Every vendor adapter, enabled or not (for capability listings). */
    public List<Vendor> all() {
        return all;
    }

    public List<Vendor> enabled() {
        return all.stream().filter(Vendors::isEnabled).toList();
    }

    public Optional<Vendor> find(VendorId id) {
        return all.stream().filter(v -> v.id() == id).findFirst();
    }

    private static boolean isEnabled(Vendor vendor) {
        return !(vendor instanceof Configurable c) || c.enabled();
    }

    /** Implemented by adapters whose availability depends on configuration. */
    public interface Configurable {
        boolean enabled();
    }
}
