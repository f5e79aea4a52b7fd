package dev.bananagateway.routing;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderId;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Provider health, shared through the table because Lambda instances share no memory: a provider
 * whose create calls failed {@code threshold} times in a row is tried last for {@code cooldown}.
 * Each instance reads the shared record at most once per {@code refresh}.
 */
@ApplicationScoped
public class ProviderHealth {

    private final TaskStore store;
    private final Clock clock;
    private final int threshold;
    private final Duration cooldown;
    private final Duration refresh;
    private volatile Map<String, TaskStore.ProviderHealthRecord> cached = Map.of();
    private volatile Instant cachedAt = Instant.EPOCH;

    public ProviderHealth(TaskStore store, Clock clock, GatewayConfig config) {
        this.store = store;
        this.clock = clock;
        this.threshold = config.routing().failureThreshold();
        this.cooldown = config.routing().cooldown();
        this.refresh = config.routing().healthRefresh();
    }

    /** The same providers, those cooling down moved to the end (still tried if all else fails). */
    public List<Provider> preferHealthy(List<Provider> ordered) {
        Instant now = clock.instant();
        Map<String, TaskStore.ProviderHealthRecord> health = current(now);
        List<Provider> healthy = new ArrayList<>();
        List<Provider> cooling = new ArrayList<>();
        for (Provider v : ordered) {
            TaskStore.ProviderHealthRecord h = health.get(v.id().key());
            boolean coolingDown = h != null && h.consecutiveFailures() >= threshold && h.lastFailureAt() != null
                    && h.lastFailureAt().plus(cooldown).isAfter(now);
            (coolingDown ? cooling : healthy).add(v);
        }
        healthy.addAll(cooling);
        return healthy;
    }

    public void recordFailure(ProviderId provider) {
        store.recordProviderFailure(provider.key(), clock.instant());
        cachedAt = Instant.EPOCH;
    }

    public void recordSuccess(ProviderId provider) {
        TaskStore.ProviderHealthRecord h = cached.get(provider.key());
        if (h != null && h.consecutiveFailures() > 0) {
            store.resetProviderFailures(provider.key());
            cachedAt = Instant.EPOCH;
        }
    }

    private Map<String, TaskStore.ProviderHealthRecord> current(Instant now) {
        if (cachedAt.plus(refresh).isBefore(now)) {
            cached = store.providerHealth();
            cachedAt = now;
        }
        return cached;
    }
}
