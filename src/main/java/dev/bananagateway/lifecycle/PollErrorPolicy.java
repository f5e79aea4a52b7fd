package dev.bananagateway.lifecycle;

import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;

/**
 * What a failed status poll means for the task: the one place poll errors are classified
 * (docs/providers.md 2.2 and 8.7). A class whose {@link ErrorClass#retriablePoll()} is false is a
 * definitive answer about the task (generation failed, content rejected, invalid request, our
 * account refused) and ends it at once; the others may pass and are polled again with backoff. A
 * provider may not list a task it has just accepted, so {@code NOT_FOUND} ends the task only once
 * {@link #NOT_FOUND_GRACE} has passed since the accept.
 */
final class PollErrorPolicy {

    /** How long after the accept a provider may still answer "not found" for a task it holds. */
    static final Duration NOT_FOUND_GRACE = Duration.ofSeconds(30);

    private PollErrorPolicy() {
    }

    /**
     * Whether the failed poll ends the task now.
     *
     * @param acceptedAt when the provider accepted the task
     */
    static boolean endsTask(ProviderException error, Instant acceptedAt, Instant now) {
        ErrorClass errorClass = error.errorClass();
        if (errorClass == ErrorClass.NOT_FOUND) {
            return now.isAfter(acceptedAt.plus(NOT_FOUND_GRACE));
        }
        return !errorClass.retriablePoll();
    }

    /**
     * The task's error message for a poll error that ends it: the provider's own words (the
     * exception's message names the provider and its HTTP status or body code, and never carries a
     * secret), with the provider's error code when the message does not already show it.
     */
    static String message(ProviderException error) {
        String message = error.getMessage() == null ? error.provider().key() + " answered an error" : error.getMessage();
        String code = error.providerCode();
        return code == null || code.isBlank() || message.contains(code) ? message : message + " (" + code + ")";
    }
}
