package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.task.SweeperLeases;
import dev.bananagateway.task.TaskStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The scheduled sweep: counts, per shard, the tasks that fall due before a worker started now would
 * stop taking them (up to one worker's concurrency C each), and starts as many workers as that work
 * needs, one per C due tasks, at most one per shard: the shards with due work are dealt to them, the
 * busiest first, each to the worker with the least so far. No due work, no worker: an idle
 * deployment's scheduled run is a handful of index queries that find nothing. A light load gets one
 * worker for all its shards (workers that wait for their next task cost Lambda time), a heavy one a
 * worker per shard. Each worker ({@link SweeperService#sweepLeased}) holds its shards' leases while
 * it works, so a worker started while another still works a shard leaves that shard alone.
 *
 * <p>Shards are counted up to the highest shard count ever used, so tasks indexed under a shard that a
 * smaller count no longer names are still swept (a task moves to its new shard at its next write).
 */
@ApplicationScoped
public class SweepDispatcher {

    private static final Logger LOG = Logger.getLogger(SweepDispatcher.class);
    /** Shards counted at once: a dispatch's queries take about one query's time. */
    private static final int MAX_PARALLEL_QUERIES = 16;

    /** What a dispatch did: the shard groups it started a worker for, and how long it took. */
    @RegisterForReflection
    public record DispatchReport(int shards, int due, List<List<Integer>> started, List<List<Integer>> failed,
            long elapsedMillis) {
    }

    /** A dispatch and its workers, whose reports arrive when they run in this process. */
    public record Dispatch(DispatchReport report, List<CompletableFuture<SweeperService.SweepReport>> workers) {
    }

    private final SweeperService sweeper;
    private final TaskStore store;
    private final SweeperLeases leases;
    private final ShardWorkers workers;
    private final Clock clock;
    private final Duration runBudget;

    public SweepDispatcher(SweeperService sweeper, TaskStore store, SweeperLeases leases, ShardWorkers workers,
            Clock clock, GatewayConfig config) {
        this.sweeper = sweeper;
        this.store = store;
        this.leases = leases;
        this.workers = workers;
        this.clock = clock;
        this.runBudget = config.sweeper().runBudget();
    }

    /**
     * Records the shard count in use, counts the due work of every shard, and starts the workers it
     * needs. A worker that cannot be started is reported (the next dispatch tries again); the others
     * start regardless.
     */
    public Dispatch dispatch() {
        Instant started = clock.instant();
        int highest = leases.recordShardCount(sweeper.shards());
        Instant horizon = started.plus(runBudget).minus(sweeper.minimumBudget());
        int perWorker = sweeper.concurrency();
        Map<Integer, Integer> due = countDue(highest, horizon, perWorker);
        int total = due.values().stream().mapToInt(Integer::intValue).sum();
        List<CompletableFuture<SweeperService.SweepReport>> running = new ArrayList<>();
        List<List<Integer>> startedGroups = new ArrayList<>();
        List<List<Integer>> failed = new ArrayList<>();
        for (List<Integer> group : groups(due, Math.min(sweeper.shards(), ceilDiv(total, perWorker)))) {
            try {
                running.add(workers.start(group));
                startedGroups.add(group);
            } catch (RuntimeException e) {
                LOG.errorf("starting a sweeper worker for shards %s failed: %s", group, e.toString());
                failed.add(group);
            }
        }
        DispatchReport report = new DispatchReport(sweeper.shards(), total, List.copyOf(startedGroups),
                List.copyOf(failed), Duration.between(started, clock.instant()).toMillis());
        return new Dispatch(report, running);
    }

    /** Each shard's due work, counted up to {@code limit}; the shards queried at once. */
    private Map<Integer, Integer> countDue(int shards, Instant horizon, int limit) {
        ExecutorService queries = Executors.newFixedThreadPool(Math.min(shards, MAX_PARALLEL_QUERIES), r -> {
            Thread t = new Thread(r, "sweep-dispatch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                int s = shard;
                counts.add(queries.submit(() -> store.countDue(s, horizon, limit)));
            }
            Map<Integer, Integer> due = new LinkedHashMap<>();
            for (int shard = 0; shard < shards; shard++) {
                int count = counts.get(shard).get();
                if (count > 0) {
                    due.put(shard, count);
                }
            }
            return due;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the due work", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            queries.shutdownNow();
        }
    }

    /** Deals the shards with due work to {@code count} workers: the busiest shard first, to the least loaded. */
    static List<List<Integer>> groups(Map<Integer, Integer> due, int count) {
        if (due.isEmpty() || count < 1) {
            return List.of();
        }
        int workers = Math.min(count, due.size());
        List<List<Integer>> groups = new ArrayList<>();
        int[] load = new int[workers];
        for (int i = 0; i < workers; i++) {
            groups.add(new ArrayList<>());
        }
        due.entrySet().stream().sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(shard -> {
                    int least = 0;
                    for (int i = 1; i < workers; i++) {
                        if (load[i] < load[least]) {
                            least = i;
                        }
                    }
                    groups.get(least).add(shard.getKey());
                    load[least] += shard.getValue();
                });
        groups.forEach(g -> g.sort(Integer::compareTo));
        return groups.stream().map(List::copyOf).toList();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
