package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Task;
import dev.bananagateway.provider.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * When to look at a task again. Polling providers: first after a few seconds, then backing off,
 * seeded by the provider's own estimate where it gives one. Callback providers: slower, as a safety
 * net for lost callbacks. Never faster than the provider's rate limit allows.
 */
@ApplicationScoped
public class Schedule {

    private final Duration imageDeadline;
    private final Duration videoDeadline;
    private final Duration queuedGrace;
    private final Duration firstPoll;
    private final Duration maxPoll;
    private final Duration callbackSafetyNet;
    private final Duration maxCallbackSafetyNet;

    public Schedule(GatewayConfig config) {
        this.imageDeadline = config.tasks().imageDeadline();
        this.videoDeadline = config.tasks().videoDeadline();
        this.queuedGrace = config.tasks().queuedGrace();
        this.firstPoll = config.poll().first();
        this.maxPoll = config.poll().max();
        this.callbackSafetyNet = config.poll().callbackFirst();
        this.maxCallbackSafetyNet = config.poll().callbackMax();
    }

    public Duration deadline(GenerationRequest request) {
        return request.wantsVideo() ? videoDeadline : imageDeadline;
    }

    /** How long a QUEUED task may wait for its submit to finish before the sweeper looks at it. */
    public Duration queuedGrace() {
        return queuedGrace;
    }

    public Duration firstCheck(Provider provider) {
        return atLeast(provider.supportsCallbacks() ? callbackSafetyNet : firstPoll, provider.minPollInterval());
    }

    /**
     * The delay before the next poll of a task that is still open.
     *
     * @param etaSeconds the provider's estimate of the remaining time, or null
     */
    public Duration nextPoll(Provider provider, Task task, Integer etaSeconds) {
        Duration delay;
        if (provider.supportsCallbacks()) {
            delay = capped(callbackSafetyNet, task.pollCount(), maxCallbackSafetyNet);
        } else if (etaSeconds != null && etaSeconds > 0) {
            delay = min(Duration.ofSeconds(etaSeconds), maxPoll);
        } else {
            delay = capped(firstPoll, task.pollCount(), maxPoll);
        }
        return atLeast(delay, provider.minPollInterval());
    }

    /** Backoff after a failed poll, honouring the provider's Retry-After. */
    public Duration afterPollError(Provider provider, Task task, Duration retryAfter) {
        Duration delay = capped(firstPoll, task.pollCount() + 1, maxPoll);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        return atLeast(delay, provider.minPollInterval());
    }

    /** Exponential backoff: base * 1.5^n, capped. */
    private static Duration capped(Duration base, int attempts, Duration cap) {
        double factor = Math.pow(1.5, Math.min(attempts, 20));
        return min(Duration.ofMillis((long) (base.toMillis() * factor)), cap);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration atLeast(Duration d, Duration floor) {
        return d.compareTo(floor) >= 0 ? d : floor;
    }
}
