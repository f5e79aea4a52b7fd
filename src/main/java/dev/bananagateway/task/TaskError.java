package dev.bananagateway.task;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why a task failed: a stable code (an error class name), a message, and whether retrying may help. */
@RegisterForReflection
public record TaskError(String code, String message, boolean retriable) {
}
