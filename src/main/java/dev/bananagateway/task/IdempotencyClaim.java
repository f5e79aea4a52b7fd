package dev.bananagateway.task;

/**
 * The result of claiming an idempotency key: either this caller won ({@code claimed}), or the key
 * already belongs to {@code taskId}, first claimed for a request whose fingerprint is
 * {@code requestHash}.
 */
public record IdempotencyClaim(boolean claimed, String taskId, String requestHash) {
}
