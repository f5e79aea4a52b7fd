package dev.bananagateway.lifecycle;

import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A caller cancels its task. None of the providers documents a cancel call, so the provider is not
 * told: the gateway stops following the task (no more polls; callbacks no longer change it), records
 * whatever the provider still reports, and sends the caller's webhook as {@code task.canceled}.
 */
@ApplicationScoped
public class CancelService {

    /** Tries to cancel while other writers (a callback, the sweeper, the submit) keep moving the task. */
    private static final int MAX_WRITES = 5;

    /** What a cancel comes to. The API layer decides how each is answered. */
    public sealed interface Outcome {
    }

    /** The task is CANCELED: by this call, or by an earlier one (cancel is idempotent). */
    public record Canceled(Task task) implements Outcome {
    }

    /** The task had already ended SUCCEEDED or FAILED; nothing changed. */
    public record AlreadyEnded(Task task) implements Outcome {
    }

    /** No task with this id belongs to the caller. */
    public record NotFound() implements Outcome {
    }

    private final TaskStore store;
    private final Transitions transitions;

    public CancelService(TaskStore store, Transitions transitions) {
        this.store = store;
        this.transitions = transitions;
    }

    public Outcome cancel(String owner, String taskId) {
        // another caller's task is answered exactly like a missing one
        Optional<Task> read = TaskIds.isWellFormed(taskId) ? store.get(taskId).filter(t -> t.owner().equals(owner))
                : Optional.empty();
        if (read.isEmpty()) {
            return new NotFound();
        }
        Task task = read.get();
        for (int write = 1; ; write++) {
            if (task.state() == TaskState.CANCELED) {
                return new Canceled(task);
            }
            if (task.terminal()) {
                return new AlreadyEnded(task);
            }
            TransitionResult result = transitions.cancel(task);
            if (result.applied()) {
                return new Canceled(result.task());
            }
            if (result.task() == null || write == MAX_WRITES) {
                throw new IllegalStateException("cancel of task " + taskId + " lost " + write
                        + " writes in a row to other writers");
            }
            // another writer moved the task since it was read: decide again on what it wrote
            task = result.task();
        }
    }
}
