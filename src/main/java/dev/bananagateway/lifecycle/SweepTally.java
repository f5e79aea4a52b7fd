package dev.bananagateway.lifecycle;

import dev.bananagateway.task.TransitionResult;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one sweep did so far, and when it must be done. One per run, counted into from the pass
 * loop, the per-task decisions and the webhook retries, on the sweeper's worker threads.
 */
final class SweepTally {

    final Instant finishBy;
    final AtomicInteger examined = new AtomicInteger();
    final AtomicInteger polled = new AtomicInteger();
    final AtomicInteger advanced = new AtomicInteger();
    final AtomicInteger timedOut = new AtomicInteger();
    final AtomicInteger webhooksSent = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger deferred = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    /** The most overdue task taken: its lateness (now minus its due check), in milliseconds. */
    final AtomicLong lagMillis = new AtomicLong();
    /** Polls put off because the provider's shared request budget had no token left. */
    final AtomicInteger budgetWaits = new AtomicInteger();

    SweepTally(Instant finishBy) {
        this.finishBy = finishBy;
    }

    /** Counts a write: into {@code onApplied} (if any) when it applied, as lost when another writer won. */
    void count(TransitionResult r, AtomicInteger onApplied) {
        if (r == null) {
            return;
        }
        if (r.applied()) {
            if (onApplied != null) {
                onApplied.incrementAndGet();
            }
        } else {
            lost.incrementAndGet();
        }
    }

    /** Notes how late a task taken at {@code now} was. */
    void due(Instant nextCheckAt, Instant now) {
        if (nextCheckAt != null) {
            lagMillis.accumulateAndGet(now.toEpochMilli() - nextCheckAt.toEpochMilli(), Math::max);
        }
    }

    SweeperService.SweepReport report(long elapsed) {
        return new SweeperService.SweepReport(examined.get(), polled.get(), advanced.get(), timedOut.get(),
                webhooksSent.get(), lost.get(), deferred.get(), errors.get(), budgetWaits.get(), elapsed);
    }
}
