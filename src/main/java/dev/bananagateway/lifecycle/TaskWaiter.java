package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits for a task to end ({@code Prefer: wait}) by reading it again at a bounded, falling rate: the
 * first read after {@code gateway.wait.first-interval} (0.5 s), each interval then twice the last, up
 * to {@code gateway.wait.max-interval} (2 s). So a waiting caller costs at most two reads a second,
 * and about one every two seconds after the first few: a 20 s wait takes at most 12 reads. Nothing
 * else moves the task: callbacks and the sweeper do, as for any task.
 */
@ApplicationScoped
public class TaskWaiter {

    /** Pauses the waiting thread (a test moves a clock instead). */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final TaskStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration firstInterval;
    private final Duration maxInterval;

    @Inject
    public TaskWaiter(TaskStore store, Clock clock, GatewayConfig config) {
        this(store, clock, d -> Thread.sleep(d.toMillis()), config.waiting().firstInterval(),
                config.waiting().maxInterval());
    }

    TaskWaiter(TaskStore store, Clock clock, Sleeper sleeper, Duration firstInterval, Duration maxInterval) {
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.firstInterval = firstInterval;
        this.maxInterval = maxInterval;
    }

    /**
     * The task once it is terminal, or as last read at {@code until}. A last read closer to the
     * previous one than the first interval is skipped: the bound on the rate holds to the end.
     */
    public Task awaitTerminal(Task task, Instant until) {
        Task current = task;
        Duration interval = firstInterval;
        Instant lastRead = clock.instant();
        while (!current.terminal()) {
            Instant next = lastRead.plus(interval);
            Instant now = clock.instant();
            if (!now.isBefore(until)) {
                return current;
            }
            boolean last = !next.isBefore(until);
            Instant wakeAt = last ? until : next;
            if (!pause(Duration.between(now, wakeAt))) {
                return current;
            }
            if (last && Duration.between(lastRead, clock.instant()).compareTo(firstInterval) < 0) {
                return current;
            }
            Optional<Task> read = store.get(current.id());
            lastRead = clock.instant();
            if (read.isEmpty()) {
                return current;
            }
            current = read.get();
            interval = min(interval.multipliedBy(2), maxInterval);
            if (last) {
                return current;
            }
        }
        return current;
    }

    /** False when the thread was interrupted: the caller gets the task as last read. */
    private boolean pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return true;
        }
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
