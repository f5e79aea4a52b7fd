package dev.bananagateway.local;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.lifecycle.ShardWorkers;
import dev.bananagateway.lifecycle.SweeperService;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Local runs and tests: a sweeper worker is a thread of this process running the same worker code
 * as a Lambda worker ({@link SweeperService#sweepLeased}, under the same leases), with the same run
 * budget. A shard whose worker still runs here is left to it: only the others get a new worker.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class InProcessShardWorkers implements ShardWorkers {

    private final SweeperService sweeper;
    private final Duration runBudget;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sweeper-worker");
        t.setDaemon(true);
        return t;
    });
    /** The worker of each shard while it runs here. */
    private final Map<Integer, CompletableFuture<SweeperService.SweepReport>> running = new ConcurrentHashMap<>();

    public InProcessShardWorkers(SweeperService sweeper, GatewayConfig config) {
        this.sweeper = sweeper;
        this.runBudget = config.sweeper().runBudget();
    }

    @Override
    public synchronized CompletableFuture<SweeperService.SweepReport> start(List<Integer> shards) {
        List<Integer> idle = shards.stream().filter(s -> !running.containsKey(s) || running.get(s).isDone()).toList();
        if (idle.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<SweeperService.SweepReport> worker = CompletableFuture.supplyAsync(
                () -> sweeper.sweepLeased(idle, runBudget), threads);
        idle.forEach(s -> running.put(s, worker));
        return worker;
    }

    @PreDestroy
    public void stop() {
        threads.shutdownNow();
    }
}
