package dev.bananagateway.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of tasks and idempotency keys. Every write is a single conditional write. */
public interface TaskStore {

    /** Writes a new task; false if a task with that id exists already. */
    boolean create(Task task);

    /** Strongly consistent read. */
    Optional<Task> get(String taskId);

    /** Applies one conditional change; see {@link TaskUpdate}. */
    TransitionResult update(TaskUpdate update);

    /**
     * Records a webhook delivery attempt on a terminal task: the new state and, when another try is
     * due, when (null removes the task from the sweeper's index).
     */
    TransitionResult recordWebhook(String taskId, long expectedVersion, WebhookState state, Instant nextTryAt);

    /**
     * Up to {@code limit} tasks of one shard of the sweeper index whose next check is due at
     * {@code now}, continuing after {@code cursor} (null: from the start); a Query, never a Scan.
     */
    DuePage dueTasks(int shard, Instant now, int limit, String cursor);

    /**
     * One page of an owner's tasks, newest first, through the owner index (a Query, never a Scan;
     * the index is eventually consistent, so a task shows up there shortly after it is written).
     */
    TaskList.Page list(TaskList.Query query);

    /**
     * When the first task of one shard of the sweeper index is due (its smallest {@code nextCheckAt},
     * due already or not), empty when the shard holds no task: one Query of one item, so a sweeper
     * run can tell at once whether anything falls due within its budget.
     */
    Optional<Instant> earliestCheck(int shard);

    /**
     * How many tasks of one shard of the sweeper index fall due by {@code until}, counting to
     * {@code limit} at most (one Query that reads at most that many index entries).
     */
    int countDue(int shard, Instant until, int limit);

    /** Number of shards of the sweeper index. */
    int shards();

    /**
     * Claims {@code owner}+{@code key} for {@code taskId} until {@code expiresAt}; an expired claim
     * counts as absent even before DynamoDB's TTL deletes it, and so does a claim made before
     * {@code abandonedBefore} whose task was never written (its submit died between claim and task
     * write; null: never take a claim over).
     */
    IdempotencyClaim claimIdempotencyKey(String owner, String key, String requestHash, String taskId,
            Instant expiresAt, Instant now, Instant abandonedBefore);

    /**
     * Writes a new task for a claimed key, in one transaction with marking the claim's task written,
     * and only while the claim still names {@code task.id()}; false when the claim was taken over
     * meanwhile (nothing is written then).
     */
    boolean createClaimed(Task task, String owner, String key);

    /** Keeps the first answer with the key, while the key still names {@code taskId}. */
    void recordIdempotentAnswer(String owner, String key, String taskId, RecordedAnswer answer);

    /** Consecutive create failures per provider key, shared by every instance. */
    Map<String, ProviderHealthRecord> providerHealth();

    void recordProviderFailure(String provider, Instant at);

    void resetProviderFailures(String provider);

    record ProviderHealthRecord(int consecutiveFailures, Instant lastFailureAt) {
    }
}
