package dev.bananagateway.lifecycle;

import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.routing.Routing;
import dev.bananagateway.task.Task;

/** What a submit comes to. The API layer decides how each is answered. */
public sealed interface SubmitOutcome {

    /**
     * The task is recorded and under way: a provider accepted it, or it waits for a callback
     * provider's report, or a callback or sweeper already moved it on.
     */
    record Accepted(Task task) implements SubmitOutcome {
    }

    /** The Idempotency-Key was used before with the same request: the earlier task. No provider was called. */
    record Replayed(Task task) implements SubmitOutcome {
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

    /** The Idempotency-Key was used before with a different request. */
    record IdempotencyKeyReused() implements Refusal {
    }

    /** The first submit with this Idempotency-Key has claimed it but not written its task yet. */
    record IdempotentRequestInProgress() implements Refusal {
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
