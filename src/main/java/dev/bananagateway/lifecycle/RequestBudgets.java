package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.task.RequestBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each provider key's request budget, shared by every function instance through one token bucket
 * item in the table ({@link RequestBuckets}), where the provider states a limit or
 * {@code gateway.providers.<id>.requests-per-minute} sets one (0 switches it off).
 *
 * <p>A budget of R requests a minute keeps one back for the network (two requests sent a minute
 * apart may arrive a little closer), so at most A = R - 1 go out in any minute: a burst of
 * b = max(1, A / 10) at once, then A - b a minute. Creates come first: a poll may take a token only
 * while at least max(1, b / 2) would be left, which only creates may take; a create waits for a token
 * as long as its call would still end within the submit budget.
 */
@ApplicationScoped
public class RequestBudgets {

    /** One provider's bucket: the time one token takes to refill, and how far ahead each kind of take may run. */
    record Budget(String bucket, int perMinute, Duration interval, Duration createTolerance, Duration pollTolerance) {

        static Budget of(String bucket, int requestsPerMinute) {
            int allowed = requestsPerMinute >= 2 ? requestsPerMinute - 1 : requestsPerMinute;
            int burst = Math.max(1, allowed / 10);
            // a window holds the burst plus one token per interval: burst + floor(60 s / interval) <= allowed
            long intervalMs = allowed > burst ? ceilDiv(60_000, allowed - burst) : 60_001;
            int reserve = Math.max(1, burst / 2);
            return new Budget(bucket, requestsPerMinute, Duration.ofMillis(intervalMs),
                    Duration.ofMillis(intervalMs * (burst - 1)), Duration.ofMillis(intervalMs * (burst - 1 - reserve)));
        }

        private static long ceilDiv(long a, long b) {
            return (a + b - 1) / b;
        }
    }

    private final RequestBuckets buckets;
    private final Clock clock;
    private final Map<String, Budget> budgets = new HashMap<>();

    public RequestBudgets(RequestBuckets buckets, Providers providers, Clock clock, GatewayConfig config) {
        this.buckets = buckets;
        this.clock = clock;
        for (Provider p : providers.all()) {
            GatewayConfig.ProviderConfig own = config.providers().get(p.id().key());
            OptionalInt configured = own == null ? OptionalInt.empty() : own.requestsPerMinute();
            int perMinute = configured.isPresent() ? configured.getAsInt() : p.requestsPerMinute().orElse(0);
            if (perMinute > 0) {
                budgets.put(p.id().key(), Budget.of(p.id().key(), perMinute));
            }
        }
    }

    /** The requests a minute the provider's key may send, empty when it has no budget. */
    public OptionalInt perMinute(Provider provider) {
        Budget b = budgets.get(provider.id().key());
        return b == null ? OptionalInt.empty() : OptionalInt.of(b.perMinute());
    }

    /**
     * Takes a token for one poll: empty when the poll may go (or the provider has no budget), else
     * how long until a poll could get one. Never waits: a poll can always be made later.
     */
    public Optional<Duration> tryPoll(Provider provider) {
        Budget b = budgets.get(provider.id().key());
        if (b == null) {
            return Optional.empty();
        }
        RequestBuckets.Take take = buckets.take(b.bucket(), clock.instant(), b.interval(), b.pollTolerance());
        return take.granted() ? Optional.empty() : Optional.of(take.retryAfter());
    }

    /**
     * Takes a token for one create, waiting for one until {@code latestStart} at most (the last moment
     * the call can start and still end within the submit budget). No token by then is a refusal like
     * the provider's own 429, so the submit fails over as it would for one.
     */
    public void awaitCreate(Provider provider, Instant latestStart) throws ProviderException {
        Budget b = budgets.get(provider.id().key());
        if (b == null) {
            return;
        }
        while (true) {
            Instant now = clock.instant();
            RequestBuckets.Take take = buckets.take(b.bucket(), now, b.interval(), b.createTolerance());
            if (take.granted()) {
                return;
            }
            // a little spread, so instances waiting for the same refill do not all ask at once
            Duration wait = take.retryAfter().plusMillis(ThreadLocalRandom.current().nextLong(1, 50));
            if (now.plus(wait).isAfter(latestStart)) {
                throw new ProviderException(provider.id(), ErrorClass.RATE_LIMITED, 0, null, provider.id().key()
                        + " request budget of this key is used up (" + b.perMinute() + " a minute)", take.retryAfter(),
                        false);
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(provider.id(), ErrorClass.RATE_LIMITED, 0, null,
                        "interrupted while waiting for the request budget", take.retryAfter(), false);
            }
        }
    }
}
