package dev.bananagateway.task;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import java.time.Instant;
import java.util.List;

/**
 * A generation task as stored. Immutable; changes go through {@link TaskStore} as conditional
 * writes, and the store answers with the new version.
 *
 * @param nextCheckAt when the sweeper should look at the task next; null once it needs no sweeping
 * @param ttl retention, epoch seconds (DynamoDB TTL)
 * @param degraded what the task's provider does not get as asked, under allow_degrade; empty when nothing
 * @param lateResult what the provider reported after the task was canceled, else null
 * @param storing the provider succeeded and its outputs are being copied into the media bucket (RUNNING, progress 100)
 * @param storeFailures failed copy attempts so far (they set the backoff)
 * @param storeLeaseUntil until when one writer holds the copy; another takes it over only after that
 */
public record Task(
        String id,
        String owner,
        GenerationRequest request,
        TaskState state,
        long version,
        String provider,
        String providerTaskId,
        List<Attempt> attempts,
        List<Output> outputs,
        TaskError error,
        int progress,
        Cost cost,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Instant deadline,
        long ttl,
        Instant nextCheckAt,
        int pollCount,
        WebhookState webhookState,
        int webhookAttempts,
        List<Degradation> degraded,
        LateResult lateResult,
        boolean storing,
        int storeFailures,
        Instant storeLeaseUntil) {

    public Task {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        webhookState = webhookState == null ? WebhookState.NONE : webhookState;
        degraded = degraded == null ? List.of() : List.copyOf(degraded);
    }

    /** A new task, written ahead of any provider call. */
    public static Task queued(String id, String owner, GenerationRequest request, Instant now, Instant firstCheckAt,
            Instant deadline, long ttlEpochSeconds) {
        WebhookState webhook = request.webhookUrl() == null ? WebhookState.NONE : WebhookState.PENDING;
        return builder().id(id).owner(owner).request(request).state(TaskState.QUEUED).version(1).createdAt(now)
                .updatedAt(now).deadline(deadline).ttl(ttlEpochSeconds).nextCheckAt(firstCheckAt)
                .webhookState(webhook).build();
    }

    /** An empty builder: every component unset (null, zero, empty lists, no webhook). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this task's values, to derive a task that differs in a few of them. */
    public Builder toBuilder() {
        return new Builder().id(id).owner(owner).request(request).state(state).version(version).provider(provider)
                .providerTaskId(providerTaskId).attempts(attempts).outputs(outputs).error(error).progress(progress)
                .cost(cost).createdAt(createdAt).updatedAt(updatedAt).completedAt(completedAt).deadline(deadline)
                .ttl(ttl).nextCheckAt(nextCheckAt).pollCount(pollCount).webhookState(webhookState)
                .webhookAttempts(webhookAttempts).degraded(degraded).lateResult(lateResult)
                .storing(storing).storeFailures(storeFailures).storeLeaseUntil(storeLeaseUntil);
    }

    public boolean terminal() {
        return state.terminal();
    }

    /** Builds a {@link Task}; the canonical constructor normalizes as usual. */
    public static final class Builder {

        private String id;
        private String owner;
        private GenerationRequest request;
        private TaskState state;
        private long version;
        private String provider;
        private String providerTaskId;
        private List<Attempt> attempts;
        private List<Output> outputs;
        private TaskError error;
        private int progress;
        private Cost cost;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant completedAt;
        private Instant deadline;
        private long ttl;
        private Instant nextCheckAt;
        private int pollCount;
        private WebhookState webhookState;
        private int webhookAttempts;
        private List<Degradation> degraded;
        private LateResult lateResult;
        private boolean storing;
        private int storeFailures;
        private Instant storeLeaseUntil;

        private Builder() {
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder owner(String value) {
            owner = value;
            return this;
        }

        public Builder request(GenerationRequest value) {
            request = value;
            return this;
        }

        public Builder state(TaskState value) {
            state = value;
            return this;
        }

        public Builder version(long value) {
            version = value;
            return this;
        }

        public Builder provider(String value) {
            provider = value;
            return this;
        }

        public Builder providerTaskId(String value) {
            providerTaskId = value;
            return this;
        }

        public Builder attempts(List<Attempt> value) {
            attempts = value;
            return this;
        }

        public Builder outputs(List<Output> value) {
            outputs = value;
            return this;
        }

        public Builder error(TaskError value) {
            error = value;
            return this;
        }

        public Builder progress(int value) {
            progress = value;
            return this;
        }

        public Builder cost(Cost value) {
            cost = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder completedAt(Instant value) {
            completedAt = value;
            return this;
        }

        public Builder deadline(Instant value) {
            deadline = value;
            return this;
        }

        public Builder ttl(long value) {
            ttl = value;
            return this;
        }

        public Builder nextCheckAt(Instant value) {
            nextCheckAt = value;
            return this;
        }

        public Builder pollCount(int value) {
            pollCount = value;
            return this;
        }

        public Builder webhookState(WebhookState value) {
            webhookState = value;
            return this;
        }

        public Builder webhookAttempts(int value) {
            webhookAttempts = value;
            return this;
        }

        public Builder degraded(List<Degradation> value) {
            degraded = value;
            return this;
        }

        public Builder lateResult(LateResult value) {
            lateResult = value;
            return this;
        }

        public Builder storing(boolean value) {
            storing = value;
            return this;
        }

        public Builder storeFailures(int value) {
            storeFailures = value;
            return this;
        }

        public Builder storeLeaseUntil(Instant value) {
            storeLeaseUntil = value;
            return this;
        }

        public Task build() {
            return new Task(id, owner, request, state, version, provider, providerTaskId, attempts, outputs, error,
                    progress, cost, createdAt, updatedAt, completedAt, deadline, ttl, nextCheckAt, pollCount,
                    webhookState, webhookAttempts, degraded, lateResult,
                    storing, storeFailures, storeLeaseUntil);
        }
    }
}
