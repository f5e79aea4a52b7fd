package dev.bananagateway.lifecycle;

import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.routing.Routing;
import dev.bananagateway.task.RecordedAnswer;
import dev.bananagateway.task.Task;
import java.time.Duration;

/** What a submit comes to. The API layer decides how each is answered. */
public sealed interface SubmitOutcome {

    /**
     * The task is recorded and under way: a provider accepted it, or it waits for a callback
     * provider's report, or a callback or sweeper already moved it on.
     */
    record Accepted(Task task) implements SubmitOutcome {
    }

    /**
     * The Idempotency-Key was used before with the same request and its first submit never
     * answered (it died after writing the task): the task as it is now. No provider was called.
     */
    record Replayed(Task task) implements SubmitOutcome {
    }

    /** The Idempotency-Key was used before with the same request: that submit's answer, as it was given. */
    record ReplayedAnswer(String taskId, RecordedAnswer answer) implements SubmitOutcome {
    }

    /** Refused before anything was written or any provider called. */
    record Refused(Refusal reason) implements SubmitOutcome {
    }

    /** The task was written and failed at submission; it keeps the attempts made. */
    record Failed(Task task, Failure reason) implements SubmitOutcome {
    }

    /** Why a submit was refused. */
    sealed interface Refusal {
    }

    /** No provider can serve the request. */
    record Unroutable(Routing.Unroutable why) implements Refusal {
    }

    /** An {@code upload:<id>} reference cannot be used (docs/providers.md 8.9). */
    record ReferenceRefused(ReferenceUploads.Refusal refusal) implements Refusal {
    }

    /** The Idempotency-Key was used before with a different request. */
    record IdempotencyKeyReused() implements Refusal {
    }

    /**
     * The first submit with this Idempotency-Key has not answered yet; its answer, or a takeover of
     * a claim whose submit died, is due after {@code retryAfter}.
     */
    record IdempotentRequestInProgress(Duration retryAfter) implements Refusal {

        /** Whole seconds, rounded up, at least one (what Retry-After carries). */
        public long retryAfterSeconds() {
            long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }

    /** Why a written task failed at submission. */
    sealed interface Failure {
    }

    /** A provider refused the request for a reason failover cannot help with. */
    record ProviderRefused(ErrorClass errorClass) implements Failure {
    }

    /**
     * Every provider that can serve the request failed; {@code transientOnly} when each failure was
     * one that may pass (rate limited, unavailable).
     */
    record AllProvidersFailed(boolean transientOnly) implements Failure {
    }

    /** The providers tried failed, and no time was left within the submit budget to call {@code untried}. */
    record BudgetExhausted(ProviderId untried, boolean transientOnly) implements Failure {
    }

    /** The provider may have accepted the create (its answer was lost); it was not resubmitted. */
    record SubmissionUncertain() implements Failure {
    }
}
