package dev.bananagateway.task;

import dev.bananagateway.model.Cost;
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
        int webhookAttempts) {

    public Task {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        webhookState = webhookState == null ? WebhookState.NONE : webhookState;
    }

    /** A new task, written ahead of any provider call. */
    public static Task queued(String id, String owner, GenerationRequest request, Instant now, Instant firstCheckAt,
            Instant deadline, long ttlEpochSeconds) {
        WebhookState webhook = request.webhookUrl() == null ? WebhookState.NONE : WebhookState.PENDING;
        return new Task(id, owner, request, TaskState.QUEUED, 1, null, null, List.of(), List.of(), null, 0, null,
                now, now, null, deadline, ttlEpochSeconds, firstCheckAt, 0, webhook, 0);
    }

    public boolean terminal() {
        return state.terminal();
    }
}
