package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.media.MediaBucket;
import dev.bananagateway.media.MediaException;
import dev.bananagateway.media.OutOfTimeException;
import dev.bananagateway.media.StoredFile;
import dev.bananagateway.model.Output;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Copies a succeeded task's outputs into the media bucket ({@code outputs/<taskId>/<n>.<ext>}) and
 * only then lets it SUCCEED. One writer at a time: a copy starts by claiming the task's store lease
 * (a conditional write), so a callback and a sweeper never copy the same task at once, and the final
 * write applies only while the lease is held. A file already stored (its record is in the bucket) is
 * never downloaded again, so a process killed between the upload and the state write loses nothing.
 * A copy that runs out of time hands the task to the next sweep at once; one that fails is tried
 * again with backoff until the task's deadline, then the task ends {@code OUTPUT_STORE_FAILED}.
 */
@ApplicationScoped
public class OutputCustody {

    private static final Logger LOG = Logger.getLogger(OutputCustody.class);
    /** How much longer than its copy budget a lease lasts: the last part's upload and the state write. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(15);

    private final TaskStore store;
    private final Transitions transitions;
    private final MediaBucket bucket;
    private final Clock clock;
    private final Duration backoff;
    private final Duration maxBackoff;

    public OutputCustody(TaskStore store, Transitions transitions, MediaBucket bucket, Clock clock,
            GatewayConfig config) {
        this.store = store;
        this.transitions = transitions;
        this.bucket = bucket;
        this.clock = clock;
        this.backoff = config.media().backoff();
        this.maxBackoff = config.media().maxBackoff();
    }

    public static String outputKeyBase(String taskId, int index) {
        return "outputs/" + taskId + "/" + index;
    }

    /**
     * Stores the outputs of a storing task, spending at most {@code budget} on copying, once it has
     * claimed the task's lease. Answers the write that settled this attempt, or null when another
     * writer holds the copy (or there is no time to copy).
     */
    public TransitionResult store(Task task, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return null; // no time to copy anything: the task stays due for the next look
        }
        Instant now = clock.instant();
        Instant lease = Transitions.storeLeaseFrom(now, budget);
        TransitionResult claim = store.update(TaskUpdate.of(task.id()).claimStoreLease(lease, now));
        if (!claim.applied()) {
            LOG.debugf("store lease not taken taskId=%s outcome=%s", task.id(), claim.outcome());
            return null;
        }
        return copy(claim.task(), lease);
    }

    /**
     * Stores the outputs of a task whose success this writer has just written: that write took the
     * lease ({@link Transitions}), so no claim is needed. The copy stops in time for the lease, and
     * at {@code notAfter} (a sweeper run's end).
     */
    public TransitionResult storeHeld(Task task, Instant notAfter) {
        Instant lease = task.storeLeaseUntil();
        if (lease == null) {
            return null;
        }
        Instant until = lease.minus(LEASE_MARGIN).isBefore(notAfter) ? lease.minus(LEASE_MARGIN) : notAfter;
        if (!until.isAfter(clock.instant())) {
            return null; // no time to copy anything: the sweeper takes over when the lease runs out
        }
        // the success was written just now, by this writer: nothing of it can be in the bucket yet
        return copy(task, lease, until, false);
    }

    private TransitionResult copy(Task held, Instant lease) {
        return copy(held, lease, lease.minus(LEASE_MARGIN), true);
    }

    private TransitionResult copy(Task held, Instant lease, Instant until, boolean lookFirst) {
        Task task = held;
        try {
            List<Output> stored = copyAll(held, until, lookFirst);
            return transitions.stored(held, lease, stored);
        } catch (OutOfTimeException e) {
            LOG.infof("output copy handed over taskId=%s", task.id());
            return store.update(TaskUpdate.of(task.id()).holdingStoreLease(lease).nextCheckAt(clock.instant()));
        } catch (MediaException e) {
            return failed(held, lease, e.getMessage());
        }
    }

    private List<Output> copyAll(Task task, Instant until, boolean lookFirst) throws MediaException {
        Map<String, StoredFile> already = lookFirst ? bucket.storedUnder("outputs/" + task.id() + "/") : Map.of();
        List<Output> outputs = new ArrayList<>();
        for (int n = 0; n < task.outputs().size(); n++) {
            Output output = task.outputs().get(n);
            String base = outputKeyBase(task.id(), n);
            Optional<StoredFile> found = already.values().stream()
                    .filter(f -> f.key().startsWith(base + ".")).findFirst();
            StoredFile file = found.isPresent() ? found.get() : bucket.copy(output.url(), base, until);
            outputs.add(new Output(output.url(), file.contentType(), file.width(), file.height(), file.sizeBytes(),
                    file.key(), file.sha256()));
        }
        return outputs;
    }

    /** Tries again with backoff until the deadline; past it the task ends with the provider's URLs kept. */
    private TransitionResult failed(Task task, Instant lease, String reason) {
        Instant now = clock.instant();
        if (!now.isBefore(task.deadline())) {
            LOG.warnf("output copy failed for good taskId=%s: %s", task.id(), reason);
            return transitions.storeFailed(task, lease, reason);
        }
        Duration delay = backoff.multipliedBy(1L << Math.min(task.storeFailures(), 20));
        delay = delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
        Instant next = now.plus(delay);
        if (next.isAfter(task.deadline())) {
            next = task.deadline();
        }
        LOG.infof("output copy failed taskId=%s attempt=%d: %s", task.id(), task.storeFailures() + 1, reason);
        return store.update(TaskUpdate.of(task.id()).holdingStoreLease(lease).countStoreFailure().nextCheckAt(next));
    }
}
