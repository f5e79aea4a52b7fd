package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.task.DuePage;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.task.WebhookState;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Providers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The sweeper: queries the sparse index shard by shard for due tasks (never a Scan), polls their
 * providers with bounded concurrency, ends tasks past their deadline, resolves tasks left QUEUED by a
 * crashed submit without resubmitting, and delivers caller webhooks with backoff.
 */
@ApplicationScoped
public class SweeperService {

    private static final Logger LOG = Logger.getLogger(SweeperService.class);
    private static final Duration NOT_FOUND_GRACE = Duration.ofSeconds(30);
    private static final Duration IDLE_PAUSE = Duration.ofSeconds(1);
    /** Without a budget, sweep until nothing is due, but never spin on tasks that keep coming back. */
    private static final int MAX_DRAIN_PASSES = 50;

    /** What one sweep did. */
    @RegisterForReflection
    public record SweepReport(int examined, int polled, int advanced, int timedOut, int webhooksSent, int lost,
            int deferred, int errors, long elapsedMillis) {
    }

    private final TaskStore store;
    private final Providers providers;
    private final Transitions transitions;
    private final Schedule schedule;
    private final WebhookDelivery webhooks;
    private final Clock clock;
    private final int batchSize;
    private final int maxWebhookAttempts;
    private final Duration webhookBackoff;
    private final ExecutorService pool;
    /** Tasks handed to the pool and not yet done: the workers' share plus one page waiting. */
    private final int maxQueued;
    /** The longest one step can take (a provider call, a webhook delivery): no task is taken closer to a run's end. */
    private final Duration longestStep;

    public SweeperService(TaskStore store, Providers providers, Transitions transitions, Schedule schedule,
            WebhookDelivery webhooks, Clock clock, GatewayConfig config) {
        int concurrency = config.sweeper().concurrency();
        int batchSize = config.sweeper().batchSize();
        int maxWebhookAttempts = config.webhooks().maxAttempts();
        Duration webhookBackoff = config.webhooks().backoff();
        this.store = store;
        this.providers = providers;
        this.transitions = transitions;
        this.schedule = schedule;
        this.webhooks = webhooks;
        this.clock = clock;
        this.batchSize = batchSize;
        this.maxWebhookAttempts = maxWebhookAttempts;
        this.webhookBackoff = webhookBackoff;
        this.maxQueued = concurrency + batchSize;
        this.longestStep = Stream.concat(providers.all().stream().map(Provider::longestCall),
                Stream.of(webhooks.longestDelivery(), IDLE_PAUSE)).max(Duration::compareTo).orElseThrow();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * The shortest run budget that leaves time to take tasks: a run stops taking them once the
     * slowest step (a provider call or a webhook delivery, each bounded by its timeouts) could no
     * longer end within the budget.
     */
    public Duration minimumBudget() {
        return longestStep;
    }

    /**
     * Sweeps until nothing is due, or, with a positive {@code budget}, keeps looking for due work
     * and ends everything it started within the budget (a Lambda run: budget = timeout minus a
     * safety margin). So a slow provider never makes the run outlast its function's timeout: tasks
     * are taken only while a provider call could still end in time, and a webhook that could not is
     * left, still due, to the next run.
     */
    public SweepReport sweep(Duration budget) {
        Instant started = clock.instant();
        Instant finishBy = budget.isZero() ? Instant.MAX : started.plus(budget);
        Instant stopAt = budget.isZero() ? Instant.MAX : finishBy.minus(minimumBudget());
        Counters c = new Counters(finishBy);
        for (int pass = 0; ; pass++) {
            int found = sweepOnce(c, stopAt);
            if (budget.isZero()) {
                if (found == 0 || pass >= MAX_DRAIN_PASSES) {
                    break;
                }
                continue;
            }
            if (!clock.instant().isBefore(stopAt)) {
                break;
            }
            if (found == 0) {
                sleep(IDLE_PAUSE);
            }
        }
        return c.report(Duration.between(started, clock.instant()).toMillis());
    }

    /**
     * One pass: every task due when it starts, read page by page, the shards in turn, and handed to
     * the pool as the pages arrive. Tasks stream through the workers, so one slow provider holds up
     * one worker, not the pass, and the next page is read while the workers are busy; only a bounded
     * number wait in the pool. The pass ends when every handled task is done: a task still in flight
     * is still due in the index, and the next pass must not pick it up again. Stops taking new tasks,
     * and starting those waiting in the pool, at {@code stopAt}; what it leaves is still due for the
     * next run. Returns how many it took.
     */
    private int sweepOnce(Counters c, Instant stopAt) {
        Instant now = clock.instant();
        Semaphore room = new Semaphore(maxQueued);
        List<Future<?>> work = new ArrayList<>();
        Deque<Integer> shards = new ArrayDeque<>();
        String[] cursors = new String[store.shards()];
        for (int shard = 0; shard < cursors.length; shard++) {
            shards.add(shard);
        }
        try {
            while (!shards.isEmpty() && clock.instant().isBefore(stopAt)) {
                int shard = shards.poll();
                DuePage page = store.dueTasks(shard, now, batchSize, cursors[shard]);
                for (Task task : page.tasks()) {
                    room.acquire();
                    if (!clock.instant().isBefore(stopAt)) {
                        room.release();
                        break;
                    }
                    work.add(pool.submit(() -> {
                        try {
                            if (clock.instant().isBefore(stopAt)) {
                                handle(task, c);
                            } else {
                                // waited in the pool past the intake's end: still due, for the next run
                                c.deferred.incrementAndGet();
                            }
                        } finally {
                            room.release();
                        }
                    }));
                }
                if (page.hasMore()) {
                    cursors[shard] = page.cursor();
                    shards.add(shard);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (ExecutionException e) {
                c.errors.incrementAndGet();
                LOG.errorf(e.getCause(), "sweeping a task failed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        c.examined.addAndGet(work.size());
        return work.size();
    }

    private void handle(Task task, Counters c) {
        Instant now = clock.instant();
        if (task.terminal()) {
            // the index copy may lag: read the item before sending, so a delivered webhook is not sent again
            store.get(task.id()).ifPresent(fresh -> deliverWebhook(fresh, c));
            return;
        }
        Optional<Provider> provider = task.provider() == null ? Optional.empty()
                : ProviderId.fromKey(task.provider()).flatMap(providers::find);
        if (!now.isBefore(task.deadline())) {
            timeOut(task, provider, c);
            return;
        }
        if (task.providerTaskId() == null) {
            resolveUnconfirmed(task, provider, c);
            return;
        }
        if (provider.isEmpty()) {
            // the provider was disabled after the task started: nothing can finish it but its deadline
            reschedule(task, task.deadline(), c);
            return;
        }
        poll(task, provider.get(), c);
    }

    /**
     * The deadline passed. The provider gets one last poll (it may have finished since the last
     * look); whatever is still open then ends FAILED.
     */
    private void timeOut(Task task, Optional<Provider> provider, Counters c) {
        if (task.providerTaskId() != null && provider.isPresent()) {
            try {
                ProviderStatus last = provider.get().poll(task.providerTaskId(), task.request());
                c.polled.incrementAndGet();
                if (last.state().terminal()) {
                    settle(c, transitions.onLastPoll(task, last), c.advanced);
                    return;
                }
            } catch (ProviderException e) {
                LOG.debugf("last poll failed taskId=%s class=%s", task.id(), e.errorClass());
            }
        }
        ErrorClass code = task.providerTaskId() == null ? ErrorClass.SUBMISSION_UNCERTAIN : ErrorClass.TIMEOUT;
        String message = task.providerTaskId() == null
                ? "no provider confirmed the task before its deadline; it was not resubmitted"
                : "the provider did not finish before the task's deadline";
        settle(c, transitions.fail(task, task.version(), code, message, null), c.timedOut);
    }

    /**
     * A task still QUEUED after its submit should have ended: the submit crashed, or the create's
     * outcome is unknown. The provider may have accepted it, so it is never resubmitted: a callback
     * provider may still report it (the URL names our task); otherwise it fails now.
     */
    private void resolveUnconfirmed(Task task, Optional<Provider> provider, Counters c) {
        if (provider.isPresent() && provider.get().supportsCallbacks()) {
            reschedule(task, task.deadline(), c);
            return;
        }
        TransitionResult r = transitions.fail(task, task.version(), ErrorClass.SUBMISSION_UNCERTAIN,
                "the submit did not record the provider's answer; the task was not resubmitted to avoid a double charge",
                null);
        settle(c, r, c.timedOut);
    }

    private void poll(Task task, Provider provider, Counters c) {
        c.polled.incrementAndGet();
        ProviderStatus status;
        try {
            status = provider.poll(task.providerTaskId(), task.request());
        } catch (ProviderException e) {
            Instant since = task.attempts().isEmpty() ? task.createdAt()
                    : task.attempts().get(task.attempts().size() - 1).at();
            if (e.errorClass() == ErrorClass.NOT_FOUND && clock.instant().isAfter(since.plus(NOT_FOUND_GRACE))) {
                settle(c, transitions.fail(task, task.version(), ErrorClass.NOT_FOUND,
                        "the provider no longer knows the task", null), c.advanced);
                return;
            }
            LOG.debugf("poll failed taskId=%s provider=%s class=%s", task.id(), provider.id().key(), e.errorClass());
            reschedule(task, clock.instant().plus(schedule.afterPollError(provider, task, e.retryAfter())), c);
            return;
        }
        Instant next = clock.instant().plus(schedule.nextPoll(provider, task, status.etaSeconds()));
        TransitionResult r = transitions.onPoll(task, status, next);
        settle(c, r, c.advanced);
    }

    /**
     * Counts a transition and, when it just made the task terminal with a webhook owed, sends the
     * webhook now (from the task the write returned) rather than next sweep. A lost write needs
     * nothing: the winner left the task indexed for the sweeper.
     */
    private void settle(Counters c, TransitionResult r, AtomicInteger onApplied) {
        count(c, r, onApplied);
        if (r != null && r.applied() && r.task().terminal() && r.task().webhookState() == WebhookState.PENDING) {
            deliverWebhook(r.task(), c);
        }
    }

    private void deliverWebhook(Task task, Counters c) {
        if (task.webhookState() != WebhookState.PENDING) {
            store.recordWebhook(task.id(), task.version(), task.webhookState(), null);
            return;
        }
        if (clock.instant().plus(webhooks.longestDelivery()).isAfter(c.finishBy)) {
            c.deferred.incrementAndGet(); // the task stays indexed and due: the next run delivers it
            return;
        }
        boolean delivered = webhooks.deliver(task);
        WebhookState next;
        Instant retryAt = null;
        if (delivered) {
            next = WebhookState.DELIVERED;
            c.webhooksSent.incrementAndGet();
        } else if (task.webhookAttempts() + 1 >= maxWebhookAttempts) {
            next = WebhookState.GAVE_UP;
            LOG.warnf("WEBHOOK_GAVE_UP taskId=%s attempts=%d", task.id(), task.webhookAttempts() + 1);
        } else {
            next = WebhookState.PENDING;
            long factor = 1L << Math.min(task.webhookAttempts(), 10);
            retryAt = clock.instant().plus(webhookBackoff.multipliedBy(factor));
        }
        TransitionResult r = store.recordWebhook(task.id(), task.version(), next, retryAt);
        if (!r.applied()) {
            c.lost.incrementAndGet();
        }
    }

    private void reschedule(Task task, Instant next, Counters c) {
        count(c, store.update(TaskUpdate.of(task.id()).expectVersion(task.version()).nextCheckAt(next).countPoll()),
                null);
    }

    private static void count(Counters c, TransitionResult r, AtomicInteger onApplied) {
        if (r == null) {
            return;
        }
        if (r.applied()) {
            if (onApplied != null) {
                onApplied.incrementAndGet();
            }
        } else {
            c.lost.incrementAndGet();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one sweep did so far, and when it must be done. */
    private static final class Counters {
        final Instant finishBy;
        final AtomicInteger examined = new AtomicInteger();
        final AtomicInteger polled = new AtomicInteger();
        final AtomicInteger advanced = new AtomicInteger();
        final AtomicInteger timedOut = new AtomicInteger();
        final AtomicInteger webhooksSent = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();

        Counters(Instant finishBy) {
            this.finishBy = finishBy;
        }

        SweepReport report(long elapsed) {
            return new SweepReport(examined.get(), polled.get(), advanced.get(), timedOut.get(), webhooksSent.get(),
                    lost.get(), deferred.get(), errors.get(), elapsed);
        }
    }
}
