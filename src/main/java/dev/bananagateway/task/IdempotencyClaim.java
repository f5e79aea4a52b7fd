package dev.bananagateway.task;

import java.time.Instant;

/**
 * The result of claiming an idempotency key: either this caller won ({@code claimed}), or the key
 * already belongs to {@code taskId}, first claimed at {@code claimedAt} for a request whose
 * fingerprint is {@code requestHash}. {@code taskWritten} says whether that claim's task was written
 * (in the same transaction that marks it); {@code answer} is the first answer, once it was given.
 * {@code claimedAt} is null for a claim written before claims recorded it.
 */
public record IdempotencyClaim(boolean claimed, String taskId, String requestHash, Instant claimedAt,
        boolean taskWritten, RecordedAnswer answer) {

    /** What this caller holds when it wins the key. */
    public static IdempotencyClaim won(String taskId, String requestHash, Instant claimedAt) {
        return new IdempotencyClaim(true, taskId, requestHash, claimedAt, false, null);
    }
}
