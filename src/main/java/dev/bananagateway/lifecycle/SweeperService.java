package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.observability.LogContext;
import dev.bananagateway.observability.Metrics;
import dev.bananagateway.task.DuePage;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * The sweeper's run: queries the sparse index shard by shard for due tasks (never a Scan), hands
 * them to a bounded worker pool, and keeps the run within its budget. What happens to each task is
 * {@link TaskSweep}'s decision, and caller webhooks are {@link WebhookRetry}'s; this class only
 * decides what is taken, when, and by how many workers at once, and reports what the run did.
 */
@ApplicationScoped
public class SweeperService {

    private static final Logger LOG = Logger.getLogger(SweeperService.class);
    private static final Duration IDLE_PAUSE = Duration.ofSeconds(1);
    /** Without a budget, sweep until nothing is due, but never spin on tasks that keep coming back. */
    private static final int MAX_DRAIN_PASSES = 50;

    /** What one sweep did. */
    @RegisterForReflection
    public record SweepReport(int examined, int polled, int advanced, int timedOut, int webhooksSent, int lost,
            int deferred, int errors, long elapsedMillis) {
    }

    private final TaskStore store;
    private final TaskSweep tasks;
    private final Clock clock;
    private final int batchSize;
    private final ExecutorService pool;
    /** Tasks handed to the pool and not yet done: the workers' share plus one page waiting. */
    private final int maxQueued;
    /** The longest one step can take (a provider call, a webhook delivery): no task is taken closer to a run's end. */
    private final Duration longestStep;
    private final Metrics metrics;

    public SweeperService(TaskStore store, TaskSweep tasks, Clock clock, GatewayConfig config, Metrics metrics) {
        this.metrics = metrics;
        int concurrency = config.sweeper().concurrency();
        int batchSize = config.sweeper().batchSize();
        this.store = store;
        this.tasks = tasks;
        this.clock = clock;
        this.batchSize = batchSize;
        this.maxQueued = concurrency + batchSize;
        Duration step = tasks.longestStep();
        this.longestStep = step.compareTo(IDLE_PAUSE) >= 0 ? step : IDLE_PAUSE;
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
        SweepTally c = new SweepTally(finishBy);
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
        SweepReport report = c.report(Duration.between(started, clock.instant()).toMillis());
        metrics.sweep(report.elapsedMillis(), c.lagMillis.get());
        return report;
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
    private int sweepOnce(SweepTally c, Instant stopAt) {
        Instant now = clock.instant();
        Semaphore room = new Semaphore(maxQueued);
        List<Future<?>> work = new ArrayList<>();
        LogContext.Snapshot logContext = LogContext.snapshot();
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
                    c.due(task.nextCheckAt(), now);
                    room.acquire();
                    if (!clock.instant().isBefore(stopAt)) {
                        room.release();
                        break;
                    }
                    work.add(pool.submit(() -> {
                        try (LogContext.Scope ignored = logContext.apply()) {
                            if (clock.instant().isBefore(stopAt)) {
                                tasks.handle(task, c);
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
