package dev.bananagateway.lifecycle;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Starts one sweeper worker for some shards, somewhere else: in AWS an asynchronous invocation of the
 * sweeper function with {@code {"shards": [k, ...]}}, locally a thread in the same process.
 */
public interface ShardWorkers {

    /**
     * Starts a worker for {@code shards} and returns at once. The future completes with the worker's report
     * when this process can know it (a worker in the same process), otherwise at once with null (a
     * Lambda invocation: its report is in its own log).
     */
    CompletableFuture<SweeperService.SweepReport> start(List<Integer> shards);
}
