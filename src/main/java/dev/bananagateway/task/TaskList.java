package dev.bananagateway.task;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One page of an owner's tasks, newest first, read through the owner index (a Query, never a Scan). */
public final class TaskList {

    private TaskList() {
    }

    /**
     * Which of the owner's tasks, and where to continue.
     *
     * @param states only tasks in one of these states; empty for any
     * @param model only tasks of this model (its current id); null for any
     * @param provider only tasks held by this provider; null for any
     * @param createdAfter only tasks created strictly after this; null for no bound
     * @param createdBefore only tasks created strictly before this; null for no bound
     * @param limit the most tasks the page holds
     * @param after continue after this task; null to start with the newest
     */
    public record Query(String owner, Set<TaskState> states, String model, String provider, Instant createdAfter,
            Instant createdBefore, int limit, Position after) {

        public Query {
            states = states == null ? Set.of() : Set.copyOf(states);
        }

        public boolean filtered() {
            return !states.isEmpty() || model != null || provider != null;
        }
    }

    /** A place in the owner index: the creation time and id of the last task a page held (or read). */
    public record Position(long createdAtMillis, String taskId) {
    }

    /**
     * Up to {@code limit} tasks; {@code next} is where the following page starts, null when no task
     * is left. A page may hold fewer tasks than the limit and still have a next one: a filtered read
     * stops after a bounded amount of work.
     */
    public record Page(List<Task> tasks, Position next) {

        public Page {
            tasks = List.copyOf(tasks);
        }
    }
}
