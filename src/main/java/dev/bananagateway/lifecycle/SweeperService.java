package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.observability.LogContext;
import dev.bananagateway.observability.Metrics;
import dev.bananagateway.task.DuePage;
import dev.bananagateway.task.SweeperLeases;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The sweeper's run: queries the sparse index shard by shard for due tasks (never a Scan), hands
 * them to a bounded worker pool, and keeps the run within its budget. What happens to each task is
 * {@link TaskSweep}'s decision, and caller webhooks are {@link WebhookRetry}'s; this class only
 * decides what is taken, when, and by how many workers at once, and reports what the run did.
 *
 * <p>A run works either every shard ({@link #sweep}: tests, benchmarks) or the shards a dispatch gave
 * it, under their leases ({@link #sweepLeased}: the fan-out's worker, see
 * {@link SweepDispatcher}).
 */
@ApplicationScoped
public class SweeperService {

    private static final Logger LOG = Logger.getLogger(SweeperService.class);
    /**
     * The longest a run waiting for its next due task sleeps before it looks at the index again: a
     * task submitted meanwhile may fall due sooner.
     */
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(1);
    /** After a pass that found nothing although the index said a task was due (the index lags a write). */
    private static final Duration INDEX_LAG_PAUSE = Duration.ofMillis(250);
    /** Without a budget, sweep until nothing is due, but never spin on tasks that keep coming back. */
    private static final int MAX_DRAIN_PASSES = 50;
    /** A lease outlasts its run by this much: the function's timeout lies between the budget and it. */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

    /** What one sweep did. */
    @RegisterForReflection
    public record SweepReport(int examined, int polled, int advanced, int timedOut, int webhooksSent, int lost,
            int deferred, int errors, int budgetWaits, long elapsedMillis) {

        static SweepReport empty(long elapsedMillis) {
            return new SweepReport(0, 0, 0, 0, 0, 0, 0, 0, 0, elapsedMillis);
        }

        /** Two runs' figures together (a dispatch that waited for its in-process workers). */
        public SweepReport plus(SweepReport o) {
            return new SweepReport(examined + o.examined, polled + o.polled, advanced + o.advanced,
                    timedOut + o.timedOut, webhooksSent + o.webhooksSent, lost + o.lost, deferred + o.deferred,
                    errors + o.errors, budgetWaits + o.budgetWaits, Math.max(elapsedMillis, o.elapsedMillis));
        }
    }

    private final TaskStore store;
    private final TaskSweep tasks;
    private final SweeperLeases leases;
    private final Clock clock;
    private final int concurrency;
    private final int batchSize;
    /** Tasks handed to the pool and not yet done: the workers' share plus one page waiting. */
    private final int maxQueued;
    /** The longest one step can take (a provider call, a webhook delivery): no task is taken closer to a run's end. */
    private final Duration longestStep;
    private final Metrics metrics;

    public SweeperService(TaskStore store, TaskSweep tasks, SweeperLeases leases, Clock clock, GatewayConfig config,
            Metrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.tasks = tasks;
        this.leases = leases;
        this.clock = clock;
        this.concurrency = config.sweeper().concurrency();
        this.batchSize = config.sweeper().batchSize();
        this.maxQueued = concurrency + batchSize;
        Duration step = tasks.longestStep();
        this.longestStep = step.compareTo(LOOK_AGAIN) >= 0 ? step : LOOK_AGAIN;
    }

    /**
     * The shortest run budget that leaves time to take tasks: a run stops taking them once the
     * slowest step (a provider call or a webhook delivery, each bounded by its timeouts) could no
     * longer end within the budget.
     */
    public Duration minimumBudget() {
        return longestStep;
    }

    /** The configured shard count (the most workers a dispatch starts). */
    public int shards() {
        return store.shards();
    }

    /** Polls one worker keeps in flight at once. */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Sweeps every shard (no leases: tests, benchmarks, a manual drain) until nothing is due, or, with a
     * positive {@code budget}, as {@link #sweepShards} does.
     */
    public SweepReport sweep(Duration budget) {
        int highest = leases.highestShardCount(store.shards());
        return sweepShards(IntStream.range(0, highest).boxed().toList(), budget);
    }

    /**
     * One fan-out worker's run: takes the lease of each of {@code shards} that nobody holds (one that
     * another worker holds is left to it), sweeps those within {@code budget}, and gives the leases
     * back. A worker that gets no lease ends at once.
     */
    public SweepReport sweepLeased(List<Integer> shards, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a shard worker needs a positive run budget");
        }
        Instant started = clock.instant();
        String owner = UUID.randomUUID().toString();
        Instant leaseEnds = started.plus(budget).plus(LEASE_MARGIN);
        List<Integer> held = new ArrayList<>();
        try {
            for (int shard : shards) {
                if (shard < 0) {
                    throw new IllegalArgumentException("no sweeper shard " + shard);
                }
                if (leases.acquire(shard, owner, started, leaseEnds)) {
                    held.add(shard);
                } else {
                    LOG.debugf("sweeper shard %d is worked by another run", shard);
                }
            }
            Duration left = budget.minus(Duration.between(started, clock.instant()));
            if (held.isEmpty() || left.isNegative() || left.isZero()) {
                // (a zero budget would mean "no limit" to sweepShards)
                return SweepReport.empty(Duration.between(started, clock.instant()).toMillis());
            }
            return sweepShards(held, left);
        } finally {
            Instant now = clock.instant();
            held.forEach(shard -> leases.release(shard, owner, now));
        }
    }

    /**
     * Sweeps {@code shards} until nothing is due, or, with a positive {@code budget} (a Lambda run:
     * budget = timeout minus a safety margin), while the tasks it sees fall due within the budget: a
     * run that finds nothing due before its intake ends (the earliest next check of each shard tells)
     * ends at once, so an idle deployment's runs cost a few index queries. Everything it starts ends
     * within the budget, so a slow provider never makes the run outlast its function's timeout: tasks
     * are taken only while a provider call could still end in time, and a webhook that could not is
     * left, still due, to the next run.
     */
    public SweepReport sweepShards(List<Integer> shards, Duration budget) {
        Instant started = clock.instant();
        Instant finishBy = budget.isZero() ? Instant.MAX : started.plus(budget);
        Instant stopAt = budget.isZero() ? Instant.MAX : finishBy.minus(minimumBudget());
        SweepTally c = new SweepTally(finishBy);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sweeper");
            t.setDaemon(true);
            return t;
        });
        try {
            if (budget.isZero()) {
                drain(c, shards, pool);
            } else {
                sweepWithin(c, shards, stopAt, pool);
            }
        } finally {
            pool.shutdownNow();
        }
        SweepReport report = c.report(Duration.between(started, clock.instant()).toMillis());
        metrics.sweep(report.elapsedMillis(), c.lagMillis.get());
        return report;
    }

    private void drain(SweepTally c, List<Integer> shards, ExecutorService pool) {
        for (int pass = 0; pass < MAX_DRAIN_PASSES; pass++) {
            if (sweepOnce(c, shards, Instant.MAX, pool) == 0) {
                return;
            }
        }
    }

    private void sweepWithin(SweepTally c, List<Integer> shards, Instant stopAt, ExecutorService pool) {
        while (!Thread.currentThread().isInterrupted()) {
            Map<Integer, Instant> earliest = earliestChecks(shards, pool);
            Instant now = clock.instant();
            Optional<Instant> next = earliest.values().stream().min(Instant::compareTo);
            if (!now.isBefore(stopAt) || next.isEmpty() || !next.get().isBefore(stopAt)) {
                return; // nothing falls due while this run could still take it
            }
            if (next.get().isAfter(now)) {
                sleep(min(Duration.between(now, next.get()), LOOK_AGAIN));
                continue;
            }
            // only the shards with a task due now are paged through
            List<Integer> due = shards.stream().filter(s -> earliest.containsKey(s) && !earliest.get(s).isAfter(now))
                    .toList();
            if (sweepOnce(c, due, stopAt, pool) == 0) {
                sleep(INDEX_LAG_PAUSE);
            }
        }
    }

    /** The earliest next check of each shard that holds a task, the shards queried at once on the pool. */
    private Map<Integer, Instant> earliestChecks(List<Integer> shards, ExecutorService pool) {
        Map<Integer, Future<Optional<Instant>>> queries = new HashMap<>();
        shards.forEach(shard -> queries.put(shard, pool.submit(() -> store.earliestCheck(shard))));
        Map<Integer, Instant> earliest = new HashMap<>();
        for (Map.Entry<Integer, Future<Optional<Instant>>> q : queries.entrySet()) {
            try {
                q.getValue().get().ifPresent(at -> earliest.put(q.getKey(), at));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return earliest;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return earliest;
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
    private int sweepOnce(SweepTally c, List<Integer> shardList, Instant stopAt, ExecutorService pool) {
        Instant now = clock.instant();
        Semaphore room = new Semaphore(maxQueued);
        List<Future<?>> work = new ArrayList<>();
        LogContext.Snapshot logContext = LogContext.snapshot();
        Deque<Integer> shards = new ArrayDeque<>(shardList);
        Map<Integer, String> cursors = new HashMap<>();
        try {
            while (!shards.isEmpty() && clock.instant().isBefore(stopAt)) {
                int shard = shards.poll();
                DuePage page = store.dueTasks(shard, now, batchSize, cursors.get(shard));
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
                    cursors.put(shard, page.cursor());
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
