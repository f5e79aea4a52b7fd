package dev.bananagateway.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** At most {@code permits} calls in any {@code window}; thread-safe. Never blocks. */
public final class SlidingWindowRateLimiter {

    private final int permits;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> granted = new ArrayDeque<>();

    public SlidingWindowRateLimiter(int permits, Duration window, Clock clock) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive");
        }
        this.permits = permits;
        this.window = window;
        this.clock = clock;
    }

    /** Takes a permit: empty when granted, otherwise how long until one frees up. */
    public synchronized Optional<Duration> tryAcquire() {
        Instant now = clock.instant();
        Instant windowStart = now.minus(window);
        while (!granted.isEmpty() && !granted.peekFirst().isAfter(windowStart)) {
            granted.pollFirst();
        }
        if (granted.size() < permits) {
            granted.addLast(now);
            return Optional.empty();
        }
        return Optional.of(Duration.between(windowStart, granted.peekFirst()));
    }
}
