package dev.bananagateway.lifecycle;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Output;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.LateResult;
import dev.bananagateway.observability.Metrics;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskError;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.task.WebhookState;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import jakarta.enterprise.context.ApplicationScoped;
import dev.bananagateway.config.GatewayConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The task transitions every entry point shares: applying what a provider reported, and failing a
 * task. One place decides targets, index scheduling after terminal moves, and counts each task's
 * end into the metrics the alarms and the dashboard read.
 */
@ApplicationScoped
public class Transitions {

    private static final Logger LOG = Logger.getLogger(Transitions.class);
    static final String NO_OUTPUTS = "the provider reported success without outputs";

    private final TaskStore store;
    private final Clock clock;
    private final Metrics metrics;
    private final Duration callbackCopyBudget;
    private final Duration sweepCopyBudget;

    @jakarta.inject.Inject
    public Transitions(TaskStore store, Clock clock, GatewayConfig config, Metrics metrics) {
        this(store, clock, config.media().callbackCopyBudget(), config.media().sweepCopyBudget(), metrics);
    }

    /** With the same copy budget for callbacks and sweeps. */
    public Transitions(TaskStore store, Clock clock, Duration copyBudget, Metrics metrics) {
        this(store, clock, copyBudget, copyBudget, metrics);
    }

    /**
     * @param callbackCopyBudget how long a callback that reports success copies the outputs itself
     * @param sweepCopyBudget how long a sweeper that polled the success copies them itself
     */
    public Transitions(TaskStore store, Clock clock, Duration callbackCopyBudget, Duration sweepCopyBudget,
            Metrics metrics) {
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.callbackCopyBudget = callbackCopyBudget;
        this.sweepCopyBudget = sweepCopyBudget;
    }

    /**
     * How long the writer of a success holds the copy: its budget and a margin for the last upload
     * and the state write. The success's own write takes the lease, so starting the copy costs no
     * write of its own; should the writer die, the sweeper takes over once the lease has run out.
     */
    public static Instant storeLeaseFrom(Instant now, Duration copyBudget) {
        return now.plus(copyBudget).plus(OutputCustody.LEASE_MARGIN);
    }

    /**
     * Applies what a provider's callback reported, against the version of {@code task} the caller
     * checked the callback against (the provider that holds it may change until one accepts): a
     * {@code STALE_VERSION} result carries the task as it now is, to check and apply again.
     * Callbacks can repeat, arrive late or out of order; the state rules decide what they change, and
     * the sweeper's schedule is left as is. Returns null when the report changes nothing: a duplicate
     * callback costs no write.
     *
     * @param provider the provider the callback came from; recorded when the task has no provider task id yet
     */
    public TransitionResult onCallback(Task task, String provider, ProviderStatus status) {
        if (task.state() == TaskState.CANCELED) {
            return lateResult(task, provider, status);
        }
        TaskUpdate update = TaskUpdate.of(task.id()).expectVersion(task.version());
        if (!reported(task, provider, status, update, callbackCopyBudget)) {
            return null;
        }
        return logged(store.update(update));
    }

    /**
     * Applies what the sweeper's poll showed, against the version it read, and counts the poll. A
     * task the report leaves open is looked at again at {@code nextPollAt}.
     */
    public TransitionResult onPoll(Task task, ProviderStatus status, Instant nextPollAt) {
        TaskUpdate update = polled(task, status);
        if (!status.state().terminal()) {
            update.nextCheckAt(nextPollAt);
        }
        return afterCancel(store.update(update), task.provider(), status);
    }

    /**
     * Applies what the last poll of a task past its deadline showed, against the version the sweeper
     * read, and counts the poll. No further poll is planned: a task this leaves open is failed next.
     */
    public TransitionResult onLastPoll(Task task, ProviderStatus status) {
        return afterCancel(store.update(polled(task, status)), task.provider(), status);
    }

    /**
     * Cancels a task that is not terminal, against the version read. Polling stops (the task leaves
     * the sweeper's index) unless a caller webhook is owed, which the sweeper then sends as
     * {@code task.canceled}. No provider documents a cancel call, so none is made.
     */
    public TransitionResult cancel(Task task) {
        TransitionResult result = store.update(TaskUpdate.of(task.id()).expectVersion(task.version())
                .state(TaskState.CANCELED).nextCheckAt(webhookDueAt(task)));
        if (result.applied()) {
            LOG.infof("TASK_CANCELED taskId=%s provider=%s providerTaskId=%s", task.id(), task.provider(),
                    task.providerTaskId());
        }
        return result;
    }

    /**
     * Records on a task canceled while its submit was calling the provider what that call came to:
     * the attempts and, when the provider accepted, its task id and cost. The task stays CANCELED.
     */
    public TransitionResult recordSubmitAfterCancel(Task canceled, String provider, String providerTaskId,
            List<Attempt> attempts, Cost cost) {
        TaskUpdate update = TaskUpdate.of(canceled.id()).onCanceledTask().attempts(attempts);
        if (providerTaskId != null) {
            update.provider(provider, providerTaskId);
        }
        if (cost != null) {
            update.cost(cost);
        }
        LOG.infof("submit ended after cancel taskId=%s provider=%s providerTaskId=%s", canceled.id(), provider,
                providerTaskId);
        return store.update(update);
    }

    /**
     * A poll's write lost to a cancel made since the task was read: what the poll showed is still a
     * result the provider reported after the cancel.
     */
    private TransitionResult afterCancel(TransitionResult result, String provider, ProviderStatus status) {
        if (!result.applied() && result.task() != null && result.task().state() == TaskState.CANCELED) {
            TransitionResult late = lateResult(result.task(), provider, status);
            return late == null ? result : late;
        }
        return logged(result);
    }

    /**
     * A provider reported on a task the caller canceled: the final result is recorded once (it may
     * have cost money, and its outputs may still be wanted), the provider task id too if the task did
     * not know it yet, and the task stays CANCELED. Returns null when there is nothing to record.
     */
    private TransitionResult lateResult(Task task, String provider, ProviderStatus status) {
        TaskUpdate update = TaskUpdate.of(task.id()).expectVersion(task.version()).onCanceledTask();
        boolean changes = false;
        if (task.providerTaskId() == null && status.providerTaskId() != null) {
            update.provider(provider, status.providerTaskId());
            changes = true;
        }
        if (status.state().terminal() && task.lateResult() == null) {
            boolean succeeded = status.state() == ProviderTaskState.SUCCEEDED;
            List<Output> outputs = status.outputs().stream().filter(o -> o.url() != null && !o.url().isBlank())
                    .toList();
            TaskError error = succeeded ? null : new TaskError(
                    (status.error() == null ? ErrorClass.GENERATION_FAILED : status.error().errorClass()).name(),
                    status.error() == null || status.error().message() == null ? "the provider reported a failure"
                            : status.error().message(), false);
            update.lateResult(new LateResult(succeeded ? TaskState.SUCCEEDED : TaskState.FAILED, outputs, error,
                    status.cost(), clock.instant()));
            LOG.infof("LATE_RESULT taskId=%s provider=%s state=%s", task.id(), provider, status.state());
            changes = true;
        }
        return changes ? store.update(update) : null;
    }

    /** A poll's update: a poll needs the provider task id, so the task already records its provider. */
    private TaskUpdate polled(Task task, ProviderStatus status) {
        TaskUpdate update = TaskUpdate.of(task.id()).expectVersion(task.version()).countPoll();
        reported(task, task.provider(), status, update, sweepCopyBudget);
        return update;
    }

    /**
     * Adds to {@code update} what the provider's report changes: the provider task id when not yet
     * known, the state, progress, outputs, cost or error, and, on a terminal report, the index entry
     * a pending caller webhook needs. A success is kept with the outputs that have a URL; one with
     * none ends FAILED ({@code PROVIDER_ERROR}), never SUCCEEDED with nothing to fetch. Returns
     * whether the report changes anything.
     */
    private boolean reported(Task task, String provider, ProviderStatus status, TaskUpdate update,
            Duration copyBudget) {
        if (task.storing()) {
            // the provider already reported success; nothing it says now changes what is being stored
            return false;
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
                List<Output> outputs = status.outputs().stream()
                        .filter(o -> o.url() != null && !o.url().isBlank()).toList();
                if (outputs.isEmpty()) {
                    // a task never promises more than it holds: no URL, no success
                    LOG.warnf("success without outputs taskId=%s provider=%s", task.id(), provider);
                    update.state(TaskState.FAILED).error(new TaskError(ErrorClass.PROVIDER_ERROR.name(),
                            NO_OUTPUTS, ErrorClass.PROVIDER_ERROR.retriableByCaller()));
                } else {
                    // SUCCEEDED only once the outputs are in the media bucket (OutputCustody)
                    Cost cost = status.cost() != null ? status.cost() : task.cost();
                    if (task.state() != TaskState.RUNNING) {
                        update.state(TaskState.RUNNING);
                    }
                    // the writer copies next, holding the lease this write takes; the sweeper looks
                    // again once it has run out, should the writer die
                    Instant lease = storeLeaseFrom(clock.instant(), copyBudget);
                    update.progress(100).outputs(outputs).storing(true).storeLease(lease).nextCheckAt(lease);
                    if (cost != null) {
                        update.cost(cost);
                    }
                    return true;
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
                // a refund (nbpcloud) or a reported charge replaces the estimate; otherwise it stands
                if (status.cost() != null) {
                    update.cost(status.cost());
                }
                changes = true;
            }
        }
        if (status.state().terminal()) {
            update.nextCheckAt(webhookDueAt(task));
        }
        return changes;
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

    /**
     * The outputs of a storing task are in the media bucket: the task SUCCEEDS, if this writer still
     * holds the copy's {@code lease}.
     */
    public TransitionResult stored(Task task, Instant lease, List<Output> outputs) {
        return logged(store.update(TaskUpdate.of(task.id()).state(TaskState.SUCCEEDED).progress(100)
                .outputs(outputs).storing(false).holdingStoreLease(lease).nextCheckAt(webhookDueAt(task))));
    }

    /**
     * The outputs of a storing task could not be copied before its deadline: it ends FAILED with
     * {@code OUTPUT_STORE_FAILED}, keeping the provider's URLs, if this writer still holds the {@code lease}.
     */
    public TransitionResult storeFailed(Task task, Instant lease, String reason) {
        ErrorClass code = ErrorClass.OUTPUT_STORE_FAILED;
        return logged(store.update(TaskUpdate.of(task.id()).state(TaskState.FAILED).storing(false)
                .holdingStoreLease(lease).error(new TaskError(code.name(), "the provider's outputs could not be "
                        + "stored before the task's deadline (" + reason + "); its URLs are kept in outputs[].source_url",
                        code.retriableByCaller()))
                .nextCheckAt(webhookDueAt(task))));
    }

    /** Terminal tasks stay in the sweeper's index only while a caller webhook is still owed. */
    private Instant webhookDueAt(Task task) {
        return task.webhookState() == WebhookState.PENDING ? clock.instant() : null;
    }

    private TransitionResult logged(TransitionResult result) {
        if (result.applied() && result.task().state() == TaskState.FAILED) {
            LOG.infof("TASK_FAILED taskId=%s code=%s provider=%s", result.task().id(), result.task().error().code(),
                    result.task().provider());
        } else if (result.applied() && result.task().state() == TaskState.SUCCEEDED) {
            LOG.infof("TASK_SUCCEEDED taskId=%s provider=%s", result.task().id(), result.task().provider());
        }
        if (result.applied() && result.task().terminal()) {
            Task task = result.task();
            Instant end = task.completedAt() != null ? task.completedAt() : clock.instant();
            metrics.taskEnded(task.id(), task.provider(), task.state().name(),
                    task.error() == null ? null : task.error().code(),
                    Math.max(0, end.toEpochMilli() - task.createdAt().toEpochMilli()),
                    task.cost() == null ? null : task.cost().amount());
        }
        return result;
    }
}
