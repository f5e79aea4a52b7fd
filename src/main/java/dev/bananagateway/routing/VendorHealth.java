package dev.bananagateway.routing;

import dev.bananagateway.task.TaskStore;
import dev.bananagateway.vendor.Vendor;
import dev.bananagateway.vendor.VendorId;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Vendor health, shared through the table because Lambda instances share no memory: a vendor
 * whose create calls failed {@code threshold} times in a row is tried last for {@code cooldown}.
 * Each instance reads the shared record at most once per {@code refresh}.
 */
@ApplicationScoped
public class VendorHealth {

    private final TaskStore store;
    private final Clock clock;
    private final int threshold;
    private final Duration cooldown;
    private final Duration refresh;
    private volatile Map<String, TaskStore.VendorHealthRecord> cached = Map.of();
    private volatile Instant cachedAt = Instant.EPOCH;

    public VendorHealth(TaskStore store, Clock clock,
            @ConfigProperty(name = "gateway.routing.failure-threshold", defaultValue = "3") int threshold,
            @ConfigProperty(name = "gateway.routing.cooldown", defaultValue = "60S") Duration cooldown,
            @ConfigProperty(name = "gateway.routing.health-refresh", defaultValue = "15S") Duration refresh) {
        this.store = store;
        this.clock = clock;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.refresh = refresh;
    }

    /** The same vendors, those cooling down moved to the end (still tried if all else fails). */
    public List<Vendor> preferHealthy(List<Vendor> ordered) {
        Instant now = clock.instant();
        Map<String, TaskStore.VendorHealthRecord> health = current(now);
        List<Vendor> healthy = new ArrayList<>();
        List<Vendor> cooling = new ArrayList<>();
        for (Vendor v : ordered) {
            TaskStore.VendorHealthRecord h = health.get(v.id().key());
            boolean coolingDown = h != null && h.consecutiveFailures() >= threshold && h.lastFailureAt() != null
                    && h.lastFailureAt().plus(cooldown).isAfter(now);
            (coolingDown ? cooling : healthy).add(v);
        }
        healthy.addAll(cooling);
        return healthy;
    }

    public void recordFailure(VendorId vendor) {
        store.recordVendorFailure(vendor.key(), clock.instant());
        cachedAt = Instant.EPOCH;
    }

    public void recordSuccess(VendorId vendor) {
        TaskStore.VendorHealthRecord h = cached.get(vendor.key());
        if (h != null && h.consecutiveFailures() > 0) {
            store.resetVendorFailures(vendor.key());
            cachedAt = Instant.EPOCH;
        }
    }

    private Map<String, TaskStore.VendorHealthRecord> current(Instant now) {
        if (cachedAt.plus(refresh).isBefore(now)) {
            cached = store.vendorHealth();
            cachedAt = now;
        }
        return cached;
    }
}
