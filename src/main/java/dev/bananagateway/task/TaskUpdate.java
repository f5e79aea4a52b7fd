package dev.bananagateway.task;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.Output;
import java.time.Instant;
import java.util.List;

/**
 * One conditional change to a task. Only the members that are set are written. The store turns it
 * into a single UpdateItem whose condition enforces the state machine, the version (when
 * {@link #expectVersion} is given) and non-decreasing progress.
 */
public final class TaskUpdate {

    final String taskId;
    Long expectedVersion;
    TaskState state;
    Integer progress;
    String provider;
    String providerTaskId;
    List<Attempt> attempts;
    List<Output> outputs;
    TaskError error;
    Cost cost;
    List<Degradation> degraded;
    Instant nextCheckAt;
    boolean incrementPollCount;
    boolean onCanceledTask;
    LateResult lateResult;
    Boolean storing;
    boolean incrementStoreFailures;
    Instant claimStoreLeaseUntil;
    Instant claimStoreLeaseAt;
    Instant heldStoreLease;
    Instant storeLeaseUntil;

    private TaskUpdate(String taskId) {
        this.taskId = taskId;
    }

    public static TaskUpdate of(String taskId) {
        return new TaskUpdate(taskId);
    }

    /** The write loses if the task's version is no longer this one. */
    public TaskUpdate expectVersion(long version) {
        this.expectedVersion = version;
        return this;
    }

    /** Move to this state; the write loses unless the current state may move there. */
    public TaskUpdate state(TaskState state) {
        this.state = state;
        return this;
    }

    /** The write loses if the stored progress is higher. */
    public TaskUpdate progress(int progress) {
        this.progress = progress;
        return this;
    }

    public TaskUpdate provider(String provider, String providerTaskId) {
        this.provider = provider;
        this.providerTaskId = providerTaskId;
        return this;
    }

    public TaskUpdate attempts(List<Attempt> attempts) {
        this.attempts = List.copyOf(attempts);
        return this;
    }

    public TaskUpdate outputs(List<Output> outputs) {
        this.outputs = List.copyOf(outputs);
        return this;
    }

    public TaskUpdate error(TaskError error) {
        this.error = error;
        return this;
    }

    public TaskUpdate cost(Cost cost) {
        this.cost = cost;
        return this;
    }

    /** What the task's provider does not get as asked; set with every change of provider. */
    public TaskUpdate degraded(List<Degradation> degraded) {
        this.degraded = List.copyOf(degraded);
        return this;
    }

    /** When the sweeper should look next (ignored on terminal moves, which leave the index). */
    public TaskUpdate nextCheckAt(Instant nextCheckAt) {
        this.nextCheckAt = nextCheckAt;
        return this;
    }

    public TaskUpdate countPoll() {
        this.incrementPollCount = true;
        return this;
    }

    /**
     * Records on a CANCELED task what arrived after the cancel (a late result, the provider task an
     * in-flight submit got accepted): the write loses unless the task is CANCELED, and the state and
     * the sweeper's index are left as they are. No other update may touch a terminal task.
     */
    public TaskUpdate onCanceledTask() {
        this.onCanceledTask = true;
        return this;
    }

    public TaskUpdate lateResult(LateResult lateResult) {
        this.lateResult = lateResult;
        return this;
    }

    /** Marks the task as copying its outputs into the media bucket, or done with that. */
    public TaskUpdate storing(boolean storing) {
        this.storing = storing;
        return this;
    }

    public TaskUpdate countStoreFailure() {
        this.incrementStoreFailures = true;
        return this;
    }

    /**
     * Takes the copy of a storing task until {@code until}: the write loses unless the task is
     * storing and no other writer holds an unexpired lease at {@code now}.
     */
    public TaskUpdate claimStoreLease(Instant until, Instant now) {
        this.claimStoreLeaseUntil = until;
        this.claimStoreLeaseAt = now;
        return this;
    }

    /** Gives the copy to this writer until {@code until}, with the write that starts the copy (no second write). */
    public TaskUpdate storeLease(Instant until) {
        this.storeLeaseUntil = until;
        return this;
    }

    /** The write loses unless the task's copy lease is still exactly {@code lease} (this writer's). */
    public TaskUpdate holdingStoreLease(Instant lease) {
        this.heldStoreLease = lease;
        return this;
    }

    public String taskId() {
        return taskId;
    }

    public TaskState targetState() {
        return state;
    }
}
