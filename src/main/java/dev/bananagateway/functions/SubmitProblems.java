package dev.bananagateway.functions;

import dev.bananagateway.api.Problem;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.lifecycle.SubmitOutcome;
import dev.bananagateway.model.UploadRefusal;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.routing.Routing;
import dev.bananagateway.task.Task;
import java.util.List;

/** The problem documents a refused or failed submit is answered with (the codes the README lists). */
final class SubmitProblems {

    private SubmitProblems() {
    }

    /** Nothing was written: 422, or 409 while the first request with the same key is being written. */
    static Problem refused(SubmitOutcome.Refusal reason) {
        if (reason instanceof SubmitOutcome.Unroutable unroutable) {
            return unroutable(unroutable.why());
        }
        if (reason instanceof SubmitOutcome.ReferenceRefused reference) {
            return Problem.field(422, code(reference.refusal().why()), reference.refusal().field(),
                    reference.refusal().message());
        }
        if (reason instanceof SubmitOutcome.IdempotencyKeyReused) {
            return Problem.of(422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key reused",
                    "this Idempotency-Key was used with a different request body");
        }
        if (reason instanceof SubmitOutcome.IdempotentRequestInProgress inProgress) {
            return Problem.of(409, "IDEMPOTENT_REQUEST_IN_PROGRESS", "Request in progress",
                    "the first request with this Idempotency-Key has not answered yet; retry after "
                            + inProgress.retryAfterSeconds() + " s (Retry-After)");
        }
        throw new IllegalArgumentException("unknown refusal " + reason);
    }

    private static String code(UploadRefusal why) {
        return switch (why) {
            case NOT_FOUND -> "UPLOAD_NOT_FOUND";
            case NOT_UPLOADED -> "UPLOAD_NOT_COMPLETE";
            case NOT_AN_IMAGE -> "UPLOAD_NOT_AN_IMAGE";
            case DOES_NOT_MATCH -> "UPLOAD_MISMATCH";
            case TOO_LARGE_FOR_PROVIDER -> "REFERENCE_IMAGE_TOO_LARGE";
        };
    }

    private static Problem unroutable(Routing.Unroutable why) {
        if (why instanceof Routing.UnknownProvider) {
            return Problem.field(422, "INVALID_FIELD", "provider", "is not a known provider");
        }
        if (why instanceof Routing.ProviderNotConfigured) {
            return Problem.field(422, "PROVIDER_NOT_CONFIGURED", "provider", "is not configured on this gateway");
        }
        if (why instanceof Routing.PinnedProviderCannotServe pinned) {
            return Problem.field(422, "UNSUPPORTED_BY_PROVIDER", pinned.why().field(),
                    pinned.provider().key() + " " + pinned.why().reason());
        }
        if (why instanceof Routing.NoProviderCanServe none) {
            List<Problem.FieldError> errors = none.refusals().stream()
                    .map(r -> new Problem.FieldError(r.why().field(), r.provider().key() + ": " + r.why().reason()))
                    .toList();
            return new Problem(null, "No provider can serve this request", 422,
                    none.noProviderEnabled() ? "no provider is configured"
                            : "no configured provider supports this combination of fields",
                    null, "UNSUPPORTED_BY_PROVIDERS", errors, null, null).withType();
        }
        throw new IllegalArgumentException("unknown routing refusal " + why);
    }

    /**
     * The task exists, FAILED: the problem names it and its attempts. 422 when the provider found
     * fault with the request, 503 when every provider failed transiently, 502 otherwise.
     */
    static Problem failed(Task task, SubmitOutcome.Failure reason) {
        int status;
        String code;
        if (reason instanceof SubmitOutcome.ProviderRefused refused) {
            status = requestAtFault(refused.errorClass()) ? 422 : 502;
            code = "PROVIDER_" + refused.errorClass().name();
        } else if (reason instanceof SubmitOutcome.AllProvidersFailed all) {
            status = all.transientOnly() ? 503 : 502;
            code = "ALL_PROVIDERS_FAILED";
        } else if (reason instanceof SubmitOutcome.BudgetExhausted exhausted) {
            status = exhausted.transientOnly() ? 503 : 502;
            code = "ALL_PROVIDERS_FAILED";
        } else if (reason instanceof SubmitOutcome.SubmissionUncertain) {
            status = 502;
            code = "SUBMISSION_UNCERTAIN";
        } else {
            throw new IllegalArgumentException("unknown submit failure " + reason);
        }
        return Problem.of(status, code, "The task failed at submission", task.error().message())
                .forTask(task.id(), TaskView.attempts(task.attempts()));
    }

    private static boolean requestAtFault(ErrorClass errorClass) {
        return errorClass == ErrorClass.INVALID_REQUEST || errorClass == ErrorClass.CONTENT_REJECTED
                || errorClass == ErrorClass.INPUT_FETCH_FAILED;
    }
}
