package dev.bananagateway.task;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * One provider create call made for a task.
 *
 * @param outcome ACCEPTED, REJECTED (certainly not accepted) or UNCERTAIN (may have been accepted)
 * @param errorClass the shared error class when not accepted, else null
 */
@RegisterForReflection
public record Attempt(String provider, String providerTaskId, String outcome, String errorClass, Integer httpStatus,
        String message, Instant at) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
    public static final String UNCERTAIN = "UNCERTAIN";
}
