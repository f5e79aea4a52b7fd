package dev.bananagateway.lifecycle;

import dev.bananagateway.model.Cost;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskError;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.task.WebhookState;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The task transitions every entry point shares: applying what a provider reported, and failing a
 * task. One place decides targets, index scheduling after terminal moves, and the log lines the
 * alarms count ({@code TASK_FAILED}).
 */
@ApplicationScoped
public class Transitions {

    private static final Logger LOG = Logger.getLogger(Transitions.class);

    private final TaskStore store;
    private final Clock clock;

    public Transitions(TaskStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Applies a provider's report to the task. Returns null when the report changes nothing and no
     * rescheduling was asked for (a duplicate callback costs no write).
     *
     * @param expectedVersion the version the caller read, or null to rely on the state rules alone
     * @param nextCheckAt when to look again if the task stays open, or null to leave the schedule as is
     */
    public TransitionResult applyProviderStatus(Task task, String provider, ProviderStatus status, Long expectedVersion,
            Instant nextCheckAt, boolean countPoll) {
        TaskUpdate update = TaskUpdate.of(task.id());
        if (expectedVersion != null) {
            update.expectVersion(expectedVersion);
        }
        if (countPoll) {
            update.countPoll();
        }
        boolean changes = false;
        if (task.providerTaskId() == null && status.providerTaskId() != null) {
            update.provider(provider, status.providerTaskId());
            changes = true;
        }
        switch (status.state()) {
            case QUEUED -> {
                if (task.state() == TaskState.QUEUED) {
                    update.state(TaskState.SUBMITTED);
                    changes = true;
                }
            }
            case RUNNING -> {
                if (task.state() != TaskState.RUNNING) {
                    update.state(TaskState.RUNNING);
                    changes = true;
                }
                // 100 is for SUCCEEDED only; a running task shows at most 99
                int progress = status.progress() == null ? task.progress() : Math.min(99, status.progress());
                if (progress > task.progress()) {
                    update.progress(progress);
                    changes = true;
                }
            }
            case SUCCEEDED -> {
                Cost cost = status.cost() != null ? status.cost() : task.cost();
                update.state(TaskState.SUCCEEDED).progress(100).outputs(status.outputs());
                if (cost != null) {
                    update.cost(cost);
                }
                changes = true;
            }
            case FAILED -> {
                ErrorClass errorClass = status.error() == null ? ErrorClass.GENERATION_FAILED
                        : status.error().errorClass();
                String message = status.error() == null || status.error().message() == null
                        ? "the provider reported a failure" : status.error().message();
                update.state(TaskState.FAILED).error(new TaskError(errorClass.name(), message,
                        errorClass.retriableByCaller()));
                changes = true;
            }
        }
        if (status.state().terminal()) {
            update.nextCheckAt(webhookDueAt(task));
        } else if (nextCheckAt != null) {
            update.nextCheckAt(nextCheckAt);
            changes = true;
        }
        if (!changes && !countPoll) {
            return null;
        }
        return logged(store.update(update));
    }

    /** Ends a non-terminal task as FAILED with a stable code. */
    public TransitionResult fail(Task task, Long expectedVersion, ErrorClass code, String message,
            java.util.List<dev.bananagateway.task.Attempt> attempts) {
        TaskUpdate update = TaskUpdate.of(task.id()).state(TaskState.FAILED)
                .error(new TaskError(code.name(), message, code.retriableByCaller()))
                .nextCheckAt(webhookDueAt(task));
        if (expectedVersion != null) {
            update.expectVersion(expectedVersion);
        }
        if (attempts != null) {
            update.attempts(attempts);
        }
        return logged(store.update(update));
    }

    /** Terminal tasks stay in the sweeper's index only while a caller webhook is still owed. */
    private Instant webhookDueAt(Task task) {
        return task.webhookState() == WebhookState.PENDING ? clock.instant() : null;
    }

    private static TransitionResult logged(TransitionResult result) {
        if (result.applied() && result.task().state() == TaskState.FAILED) {
            LOG.infof("TASK_FAILED taskId=%s code=%s provider=%s", result.task().id(), result.task().error().code(),
                    result.task().provider());
        } else if (result.applied() && result.task().state() == TaskState.SUCCEEDED) {
            LOG.infof("TASK_SUCCEEDED taskId=%s provider=%s", result.task().id(), result.task().provider());
        }
        return result;
    }
}
