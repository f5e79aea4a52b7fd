package dev.bananagateway.faults;

import dev.bananagateway.task.DuePage;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.IdempotencyClaim;
import dev.bananagateway.task.RecordedAnswer;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.task.WebhookState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DynamoDB task store with test-only additions. It records every task as each applied
 * write left it, so the suite can check the whole history of every task, not only what a status
 * read happened to see. It aborts the submit of a task whose prompt carries
 * {@link #CRASH_MARKER} at the moment the provider has accepted it and the handler is about to
 * record that (a process crash there leaves exactly this behind: the write-ahead item only). And it
 * aborts the first write that would make a task whose prompt carries {@link #STORE_CRASH_MARKER}
 * SUCCEEDED: its outputs are in the media bucket, the state write never happens, as when the
 * process dies between the upload and the state write.
 */
@Alternative
@ApplicationScoped
public class RecordingTaskStore implements TaskStore {

    public static final String CRASH_MARKER = "(crash after provider accept)";
    public static final String STORE_CRASH_MARKER = "(crash between upload and state write)";

    /** What the aborted handler throws. */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String taskId) {
            this("after the provider accepted task ", taskId);
        }

        SimulatedCrash(String where, String taskId) {
            super("simulated crash " + where + taskId);
        }
    }

    private final DynamoTaskStore delegate;
    private final Map<String, List<Task>> writes = new ConcurrentHashMap<>();
    private final Map<String, String> crashedByPrompt = new ConcurrentHashMap<>();
    private final Set<String> storeCrashesDue = ConcurrentHashMap.newKeySet();
    private final AtomicInteger storeCrashes = new AtomicInteger();
    private final Map<String, Instant> storeCrashedAt = new ConcurrentHashMap<>();

    public RecordingTaskStore(DynamoTaskStore delegate) {
        this.delegate = delegate;
    }

    /** Every applied write of a task: the task as the write left it, in the order they happened. */
    public List<Task> history(String taskId) {
        List<Task> history = writes.getOrDefault(taskId, List.of());
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The id of the task whose submit was aborted, by its prompt (the caller got no id). */
    public Optional<String> crashedTask(String prompt) {
        return Optional.ofNullable(crashedByPrompt.get(prompt));
    }

    /** How many state writes after an upload were aborted ({@link #STORE_CRASH_MARKER}). */
    public int storeCrashes() {
        return storeCrashes.get();
    }

    /** When the state write after a task's upload was aborted: its outputs were all stored by then. */
    public Optional<Instant> storeCrashedAt(String taskId) {
        return Optional.ofNullable(storeCrashedAt.get(taskId));
    }

    @Override
    public boolean create(Task task) {
        boolean created = delegate.create(task);
        if (created) {
            created(task);
        }
        return created;
    }

    private void created(Task task) {
        record(task);
        if (task.request().prompt().contains(CRASH_MARKER)) {
            crashedByPrompt.put(task.request().prompt(), task.id());
        }
        if (task.request().prompt().contains(STORE_CRASH_MARKER)) {
            storeCrashesDue.add(task.id());
        }
    }

    @Override
    public TransitionResult update(TaskUpdate update) {
        if (update.targetState() == TaskState.SUBMITTED && crashedByPrompt.containsValue(update.taskId())) {
            throw new SimulatedCrash(update.taskId());
        }
        if (update.targetState() == TaskState.SUCCEEDED && storeCrashesDue.remove(update.taskId())) {
            storeCrashes.incrementAndGet();
            storeCrashedAt.put(update.taskId(), Instant.now());
            throw new SimulatedCrash("between the upload and the state write of task ", update.taskId());
        }
        return recorded(delegate.update(update));
    }

    @Override
    public TransitionResult recordWebhook(String taskId, long expectedVersion, WebhookState state,
            Instant nextTryAt) {
        return recorded(delegate.recordWebhook(taskId, expectedVersion, state, nextTryAt));
    }

    @Override
    public Optional<Task> get(String taskId) {
        return delegate.get(taskId);
    }

    @Override
    public DuePage dueTasks(int shard, Instant now, int limit, String cursor) {
        return delegate.dueTasks(shard, now, limit, cursor);
    }

    @Override
    public dev.bananagateway.task.TaskList.Page list(dev.bananagateway.task.TaskList.Query query) {
        return delegate.list(query);
    }

    @Override
    public int countDue(int shard, Instant until, int limit) {
        return delegate.countDue(shard, until, limit);
    }

    @Override
    public Optional<Instant> earliestCheck(int shard) {
        return delegate.earliestCheck(shard);
    }

    @Override
    public int shards() {
        return delegate.shards();
    }

    @Override
    public IdempotencyClaim claimIdempotencyKey(String owner, String key, String requestHash, String taskId,
            Instant expiresAt, Instant now, Instant abandonedBefore) {
        return delegate.claimIdempotencyKey(owner, key, requestHash, taskId, expiresAt, now, abandonedBefore);
    }

    @Override
    public boolean createClaimed(Task task, String owner, String key) {
        boolean created = delegate.createClaimed(task, owner, key);
        if (created) {
            created(task);
        }
        return created;
    }

    @Override
    public void recordIdempotentAnswer(String owner, String key, String taskId, RecordedAnswer answer) {
        delegate.recordIdempotentAnswer(owner, key, taskId, answer);
    }

    @Override
    public Map<String, ProviderHealthRecord> providerHealth() {
        return delegate.providerHealth();
    }

    @Override
    public void recordProviderFailure(String provider, Instant at) {
        delegate.recordProviderFailure(provider, at);
    }

    @Override
    public void resetProviderFailures(String provider) {
        delegate.resetProviderFailures(provider);
    }

    private TransitionResult recorded(TransitionResult result) {
        if (result.applied()) {
            record(result.task());
        }
        return result;
    }

    private void record(Task task) {
        List<Task> history = writes.computeIfAbsent(task.id(), id -> new ArrayList<>());
        synchronized (history) {
            history.add(task);
        }
    }
}
