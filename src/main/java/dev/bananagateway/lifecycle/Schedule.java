package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Task;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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

    /**
     * The delay before the next poll of a task the provider reports still open, following the time
     * left that the report gives or implies, within the provider's minimum interval and
     * {@code gateway.poll.max}: its own estimate (pixazo's {@code estimated_remaining_seconds}), else
     * what its progress implies at the pace so far (p % done after t: t (100 - p) / p left). A task
     * still waiting at queue position q (pixazo) is not looked at sooner than q first-poll delays,
     * and never sooner than the backoff. Without any of these, the backoff. Callback providers keep
     * their safety-net schedule.
     */
    public Duration nextPoll(Provider provider, Task task, ProviderStatus status, Instant now) {
        Duration backoff = nextPoll(provider, task, (Integer) null);
        if (provider.supportsCallbacks()) {
            return backoff;
        }
        Optional<Duration> left = timeLeft(task, status, now);
        if (left.isPresent()) {
            return atLeast(min(left.get(), maxPoll), provider.minPollInterval());
        }
        if (status.queuePosition() != null && status.queuePosition() > 0) {
            Duration queued = min(firstPoll.multipliedBy(status.queuePosition()), maxPoll);
            return atLeast(queued, backoff);
        }
        return backoff;
    }

    private static Optional<Duration> timeLeft(Task task, ProviderStatus status, Instant now) {
        if (status.etaSeconds() != null && status.etaSeconds() >= 0) {
            return Optional.of(Duration.ofSeconds(status.etaSeconds()));
        }
        Integer p = status.progress();
        Instant accepted = task.attempts().isEmpty() ? task.createdAt()
                : task.attempts().get(task.attempts().size() - 1).at();
        if (p != null && p > 0 && p < 100 && accepted != null && accepted.isBefore(now)) {
            long elapsed = Duration.between(accepted, now).toMillis();
            return Optional.of(Duration.ofMillis(elapsed * (100 - p) / p));
        }
        return Optional.empty();
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
