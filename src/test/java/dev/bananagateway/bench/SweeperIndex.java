package dev.bananagateway.bench;

import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.task.TaskStore;
import java.time.Duration;
import java.time.Instant;

/**
 * The sweeper's index between benchmarks: each starts from an empty index (so a sweep sees only
 * its own tasks) and leaves it empty, sweeping its leftovers to the end.
 */
final class SweeperIndex {

    /** Far enough ahead to see every task still in the index, whenever it is due. */
    private static final Duration HORIZON = Duration.ofDays(1);

    private SweeperIndex() {
    }

    /** How many tasks the index holds, due or not (at most 1000 per shard are counted). */
    static int indexed(TaskStore store) {
        Instant horizon = Instant.now().plus(HORIZON);
        int count = 0;
        for (int shard = 0; shard < store.shards(); shard++) {
            count += store.dueTasks(shard, horizon, 1000, null).tasks().size();
        }
        return count;
    }

    static void assertEmpty(TaskStore store) {
        int left = indexed(store);
        if (left > 0) {
            throw new IllegalStateException(left + " tasks are still in the sweeper's index");
        }
    }

    /**
     * Sweeps until the index is empty: the tasks become due after their first poll delay, and the
     * simulator was told to finish a task on its first poll.
     */
    static void drain(SweeperService sweeper, TaskStore store, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (indexed(store) > 0) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(indexed(store) + " tasks were not swept to the end within " + within);
            }
            sweeper.sweep(Duration.ZERO);
            Thread.sleep(250);
        }
    }
}
