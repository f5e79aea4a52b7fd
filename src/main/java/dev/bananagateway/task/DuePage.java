package dev.bananagateway.task;

import java.util.List;

/**
 * One page of a shard's due tasks, in next-check order. {@code cursor} continues the same query
 * after this page (null: the shard has nothing more due); it is opaque to callers.
 */
public record DuePage(List<Task> tasks, String cursor) {

    public DuePage {
        tasks = List.copyOf(tasks);
    }

    public boolean hasMore() {
        return cursor != null;
    }
}
